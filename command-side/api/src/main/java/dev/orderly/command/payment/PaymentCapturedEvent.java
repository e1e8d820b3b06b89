package dev.orderly.command.payment;

import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import org.axonframework.serialization.Revision;

@Revision("1")
public record PaymentCapturedEvent(PaymentId paymentId, OrderId orderId, String providerPaymentId, Money amount) {
}
