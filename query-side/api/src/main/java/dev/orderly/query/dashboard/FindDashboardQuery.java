package dev.orderly.query.dashboard;

/**
 * The operators' dashboard, from the read models.
 *
 * @param windowMinutes    how many minutes of order throughput to show
 * @param stuckAfterMinutes an order neither finished nor flagged after this long counts as stuck
 */
public record FindDashboardQuery(int windowMinutes, int stuckAfterMinutes) {
}
