package dev.orderly.command.order;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderCancelledEvent(OrderId orderId, String reason) {
}
