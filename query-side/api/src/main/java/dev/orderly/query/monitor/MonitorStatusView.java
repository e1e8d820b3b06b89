package dev.orderly.query.monitor;

import java.util.List;

/**
 * What the invariant monitor has checked, straight from the event store in commit order.
 *
 * @param status           {@code OK} while no invariant was ever broken and nothing is overdue, {@code OVERDUE}
 *                         while an order is past one of its bounds (a phase it has not left, or a captured payment
 *                         neither shipped nor refunded), {@code VIOLATED} once an invariant was broken
 * @param eventsChecked    events the monitor has examined since it started from the tail, or since its progress was
 *                         cleared by hand
 * @param lastPosition     global index of the last event checked, or -1 before the first
 * @param headPosition     global index of the newest event in the store, or -1 when it is empty
 * @param lag              events committed but not yet checked
 * @param violationCount   every violation ever recorded
 * @param violations       the most recent violations, newest first
 * @param overdueOrders    the ids of the orders in {@code overdue}, oldest first
 * @param overdue          orders past one of their bounds, with the phase they overstay, oldest first
 */
public record MonitorStatusView(String status, long eventsChecked, long lastPosition, long headPosition, long lag,
                                long violationCount, List<ViolationView> violations, List<String> overdueOrders,
                                List<OverdueOrderView> overdue) {

    /**
     * The event processor of the invariant monitor, which writes what these views report: its processing group and
     * its key under {@code axon.eventhandling.processors} in {@code application.yml}. Never replayed (it would
     * forget the violations it found).
     */
    public static final String PROCESSING_GROUP = "invariant-monitor";
}
