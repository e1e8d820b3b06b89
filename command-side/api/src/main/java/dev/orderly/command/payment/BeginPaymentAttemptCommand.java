package dev.orderly.command.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Duration;

/**
 * Sets the in-flight flag before the provider is called; answers a {@link PaymentAttempt}. Refused once the payment
 * no longer awaits a charge, and refused while the previous attempt may still be settling at the provider: an
 * unanswered call can commit late, so a second call waits {@code settleWindow} after the first one began.
 */
public record BeginPaymentAttemptCommand(@TargetAggregateIdentifier PaymentId paymentId, Duration settleWindow) {

    /** The refusal code while the previous attempt may still be settling: try again later, not an error. */
    public static final String SETTLING = "attempt-settling";
}
