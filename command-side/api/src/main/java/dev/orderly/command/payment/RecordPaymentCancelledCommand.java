package dev.orderly.command.payment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordPaymentCancelledCommand(@TargetAggregateIdentifier PaymentId paymentId, String reason) {
}
