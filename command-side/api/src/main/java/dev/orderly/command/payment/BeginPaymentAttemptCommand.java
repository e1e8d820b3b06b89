package dev.orderly.command.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sets the in-flight flag before the provider is called; answers a {@link PaymentAttempt}. Refused once the payment
 * no longer awaits a charge, and refused while the previous attempt may still be settling at the provider: an
 * unanswered call can commit late, so a second call waits the {@link SettleWindow} after the first one began.
 * Older versions sent the window in this command; one of theirs that carries it still reads, the field ignored.
 */
public record BeginPaymentAttemptCommand(@TargetAggregateIdentifier PaymentId paymentId) {

    /** The refusal code while the previous attempt may still be settling: try again later, not an error. */
    public static final String SETTLING = "attempt-settling";
}
