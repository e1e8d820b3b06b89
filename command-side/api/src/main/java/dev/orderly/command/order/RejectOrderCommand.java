package dev.orderly.command.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A line could not be reserved; what was held has been released. */
public record RejectOrderCommand(@TargetAggregateIdentifier OrderId orderId, String reason) {
}
