package dev.orderly.query.intake;

import java.time.Instant;

/**
 * Whether this node accepts new payments and orders.
 *
 * @param accepting        false while paused, by hand or because the payment provider is failing
 * @param manuallyPaused   an operator paused intake (shared by all nodes)
 * @param pausedBy         who paused it by hand, when {@code manuallyPaused}
 * @param reason           why intake is paused, for humans
 * @param providerCircuit  this node's circuit breaker towards the payment provider: CLOSED, OPEN or HALF_OPEN
 * @param retryAfterSeconds how long a refused client should wait before trying again
 * @param since            when the manual state last changed
 */
public record IntakeStatusView(boolean accepting, boolean manuallyPaused, String pausedBy, String reason,
                               String providerCircuit, long retryAfterSeconds, Instant since) {
}
