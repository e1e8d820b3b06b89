package dev.orderly.command.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks for the intent to be cancelled at the provider; refused once captured (refund instead). */
public record CancelPaymentCommand(@TargetAggregateIdentifier PaymentId paymentId, String reason) {
}
