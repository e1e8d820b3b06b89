/**
 * The runtime-verification monitor: invariants checked from the event store in commit order, with violations kept
 * in a table of their own. New invariants (orders, payments) are new {@link dev.orderly.projection.monitor.InvariantCheck}s.
 */
package dev.orderly.projection.monitor;
