package dev.orderly.command.payment;

import dev.orderly.command.order.OrderId;
import org.axonframework.serialization.Revision;

@Revision("1")
public record PaymentCancellationRequestedEvent(PaymentId paymentId, OrderId orderId, String reason) {
}
