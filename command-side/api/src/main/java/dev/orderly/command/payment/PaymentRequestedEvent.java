package dev.orderly.command.payment;

import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The intent and its idempotency key are stored; only now may the provider be called. */
@Revision("1")
public record PaymentRequestedEvent(PaymentId paymentId, OrderId orderId, Money amount, String cardToken,
                                    String idempotencyKey, Instant deadline, String deadlineId) {
}
