package dev.orderly.command.payment;

import dev.orderly.command.order.OrderId;
import org.axonframework.serialization.Revision;

/**
 * Not a failure: the charge may or may not have happened. It is resolved by asking the provider, never by charging
 * anew.
 */
@Revision("1")
public record PaymentOutcomeUnknownEvent(PaymentId paymentId, OrderId orderId, int attempt, String detail) {
}
