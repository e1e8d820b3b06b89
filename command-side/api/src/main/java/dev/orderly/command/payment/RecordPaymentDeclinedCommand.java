package dev.orderly.command.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordPaymentDeclinedCommand(@TargetAggregateIdentifier PaymentId paymentId, String providerPaymentId,
                                           String reason) {
}
