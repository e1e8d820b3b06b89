package dev.orderly.command.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordPaymentAuthorizedCommand(@TargetAggregateIdentifier PaymentId paymentId, String providerPaymentId) {
}
