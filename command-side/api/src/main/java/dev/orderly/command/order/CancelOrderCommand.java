package dev.orderly.command.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks for cancellation: allowed until the order ships, refused after. */
public record CancelOrderCommand(@TargetAggregateIdentifier OrderId orderId, String reason, String requestedBy) {
}
