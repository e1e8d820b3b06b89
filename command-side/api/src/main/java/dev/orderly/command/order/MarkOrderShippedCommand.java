package dev.orderly.command.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record MarkOrderShippedCommand(@TargetAggregateIdentifier OrderId orderId, String shipmentId, String carrier,
                                      String trackingNumber) {
}
