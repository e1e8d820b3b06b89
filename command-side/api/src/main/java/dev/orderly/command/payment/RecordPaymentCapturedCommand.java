package dev.orderly.command.payment;

import dev.orderly.command.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordPaymentCapturedCommand(@TargetAggregateIdentifier PaymentId paymentId, String providerPaymentId,
                                           Money amount) {
}
