package dev.orderly.command.order;

import dev.orderly.command.payment.PaymentId;
import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderConfirmedEvent(OrderId orderId, PaymentId paymentId) {
}
