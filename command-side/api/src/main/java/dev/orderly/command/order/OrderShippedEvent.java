package dev.orderly.command.order;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderShippedEvent(OrderId orderId, String shipmentId, String carrier, String trackingNumber) {
}
