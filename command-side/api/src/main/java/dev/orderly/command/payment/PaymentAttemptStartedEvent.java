package dev.orderly.command.payment;

import dev.orderly.command.order.OrderId;
import org.axonframework.serialization.Revision;

/** A call to the provider is about to be made with the payment's one idempotency key. */
@Revision("1")
public record PaymentAttemptStartedEvent(PaymentId paymentId, OrderId orderId, int attempt, String idempotencyKey) {
}
