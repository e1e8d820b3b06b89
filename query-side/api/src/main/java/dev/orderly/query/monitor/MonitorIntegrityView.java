package dev.orderly.query.monitor;

import java.util.Map;

/**
 * The monitor's findings in short.
 *
 * @param violationCount         every violation ever recorded
 * @param violationsPerInvariant the same, per invariant broken
 * @param overdueOrders          orders past one of their bounds now
 * @param lag                    events committed but not yet checked
 */
public record MonitorIntegrityView(long violationCount, Map<String, Long> violationsPerInvariant, long overdueOrders,
                                   long lag) {
}
