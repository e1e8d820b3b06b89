package dev.orderly.command.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sets the in-flight flag before the provider is called; refused once the payment no longer awaits a charge. Answers
 * a {@link PaymentAttempt}.
 */
public record BeginPaymentAttemptCommand(@TargetAggregateIdentifier PaymentId paymentId) {
}
