package dev.orderly.domain.payment;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.SettleWindow;

import java.time.Clock;
import java.time.Instant;

/**
 * The calls made to the provider for a payment: how many were started, whether the last one still awaits its
 * answer, and when it started. Immutable; a record, so that its snapshot is its components.
 *
 * @param count     the number of the last attempt started, 0 before the first
 * @param inFlight  the last attempt started has had no answer yet
 * @param startedAt when the last attempt started; null before the first
 */
record ProviderAttempts(int count, boolean inFlight, Instant startedAt) {

    static final ProviderAttempts NONE = new ProviderAttempts(0, false, null);

    int next() {
        return count + 1;
    }

    /**
     * An unanswered call may commit at the provider after our look-up found nothing; nothing that assumes it did not
     * (a new call, a cancellation) is allowed until the window after its start has passed. The start is the attempt
     * event's timestamp, which Axon takes from the system clock, as the production {@code clock} is.
     */
    void refuseWhileSettling(PaymentId paymentId, SettleWindow settleWindow, Clock clock, String what) {
        if (startedAt != null && clock.instant().isBefore(startedAt.plus(settleWindow.length()))) {
            throw new CommandRefusedException(Payment.ATTEMPT_SETTLING, "payment " + paymentId + ": " + what
                    + " waits until attempt " + count + " has settled at the provider");
        }
    }

    ProviderAttempts started(int attempt, Instant at) {
        return new ProviderAttempts(attempt, true, at);
    }

    /** The provider answered, or whatever the last call did is now someone else's to find out. */
    ProviderAttempts answered() {
        return new ProviderAttempts(count, false, startedAt);
    }
}
