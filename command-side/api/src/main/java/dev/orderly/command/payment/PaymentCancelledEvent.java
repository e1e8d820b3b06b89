package dev.orderly.command.payment;

import dev.orderly.command.order.OrderId;
import org.axonframework.serialization.Revision;

@Revision("1")
public record PaymentCancelledEvent(PaymentId paymentId, OrderId orderId, String reason) {
}
