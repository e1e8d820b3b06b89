package dev.orderly.command.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Automatic resolution is exhausted: a person must decide. */
public record FlagPaymentForAttentionCommand(@TargetAggregateIdentifier PaymentId paymentId, String reason) {
}
