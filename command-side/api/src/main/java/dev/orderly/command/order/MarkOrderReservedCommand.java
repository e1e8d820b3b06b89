package dev.orderly.command.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Every line is held on its resource; the order now awaits payment. */
public record MarkOrderReservedCommand(@TargetAggregateIdentifier OrderId orderId) {
}
