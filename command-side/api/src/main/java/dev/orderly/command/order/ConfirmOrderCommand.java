package dev.orderly.command.order;

import dev.orderly.command.payment.PaymentId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ConfirmOrderCommand(@TargetAggregateIdentifier OrderId orderId, PaymentId paymentId) {
}
