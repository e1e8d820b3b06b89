package dev.orderly.query.order;

import dev.orderly.query.payment.PaymentStatus;

import java.time.Instant;
import java.util.List;

/**
 * An order as projected from its own events and its payment's.
 *
 * @param paymentStatus {@code null} before payment
 * @param reason        why it was rejected or cancelled, or why it needs attention
 * @param timeline      what happened and when, oldest first; empty in list results
 */
public record OrderView(String orderId, String customerId, String email, OrderStatus status, long total,
                        String currency, List<OrderLineView> lines, String paymentId, PaymentStatus paymentStatus,
                        String shipmentId, String carrier, String trackingNumber, String reason,
                        boolean needsAttention, Instant placedAt, Instant updatedAt, List<TimelineEntry> timeline) {

    /**
     * The event processor that builds these views: the projection's processing group, its key under
     * {@code axon.eventhandling.processors} in {@code application.yml}, the processor a read-your-writes request
     * waits for and the name an operator replays. Here, in the contract, so that the projection and the gateway
     * share one spelling.
     */
    public static final String PROCESSING_GROUP = "order-views";

    public record OrderLineView(String resourceId, int quantity, long unitPrice) {
    }

    public record TimelineEntry(Instant at, String event, String detail) {
    }
}
