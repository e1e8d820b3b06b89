package dev.orderly.query.dashboard;

import dev.orderly.query.order.OrderStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * @param ordersPerStatus     how many orders are in each status
 * @param throughput          orders placed per minute over the window, oldest minute first
 * @param revenue             captured and refunded amounts per currency, in minor units
 * @param utilisation         held share of each resource's capacity
 * @param stuckOrders         orders still running past the bound, oldest first: their saga has not finished
 */
public record DashboardView(Map<OrderStatus, Long> ordersPerStatus, List<MinuteCount> throughput,
                            List<Revenue> revenue, List<Utilisation> utilisation, List<StuckOrder> stuckOrders) {

    public record MinuteCount(Instant minute, long orders) {
    }

    public record Revenue(String currency, long captured, long refunded) {
    }

    public record Utilisation(String resourceId, String name, int capacity, int held, double utilisation) {
    }

    public record StuckOrder(String orderId, OrderStatus status, Instant placedAt, Instant updatedAt) {
    }
}
