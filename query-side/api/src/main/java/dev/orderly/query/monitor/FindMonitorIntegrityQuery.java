package dev.orderly.query.monitor;

/** The monitor's findings in short, for health checks and metrics: cheaper than {@link FindMonitorStatusQuery}. */
public record FindMonitorIntegrityQuery() {
}
