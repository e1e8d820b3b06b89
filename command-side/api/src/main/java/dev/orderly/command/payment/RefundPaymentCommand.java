package dev.orderly.command.payment;

import dev.orderly.command.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RefundPaymentCommand(@TargetAggregateIdentifier PaymentId paymentId, RefundId refundId, Money amount,
                                   String reason) {
}
