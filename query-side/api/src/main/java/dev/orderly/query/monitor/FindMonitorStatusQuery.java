package dev.orderly.query.monitor;

/**
 * The runtime-verification monitor's state.
 *
 * @param violationLimit how many of the most recent violations to include
 */
public record FindMonitorStatusQuery(int violationLimit) {
}
