package dev.orderly.command.payment;

import java.time.Duration;

/**
 * How long after an unanswered call to the provider began that call may still commit there, so that no new call
 * and no cancellation may be recorded before it has passed. It is configuration
 * ({@code orderly.payments.settle-window}, longer than the provider's slowest processing), given to the
 * {@code Payment} aggregate's handlers where it decides, rather than carried in the commands that ask for a decision.
 */
public record SettleWindow(Duration length) {

    public SettleWindow {
        if (length == null || length.isNegative()) {
            throw new IllegalArgumentException("a settle window is zero or longer, not " + length);
        }
    }
}
