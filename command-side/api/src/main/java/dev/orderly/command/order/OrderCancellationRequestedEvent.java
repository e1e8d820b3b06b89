package dev.orderly.command.order;

import org.axonframework.serialization.Revision;

/** Compensation begins: reservations are released and the payment is cancelled or refunded. */
@Revision("1")
public record OrderCancellationRequestedEvent(OrderId orderId, String reason, String requestedBy) {
}
