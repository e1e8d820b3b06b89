package dev.orderly.command.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Every compensation of a cancellation has completed. */
public record CompleteOrderCancellationCommand(@TargetAggregateIdentifier OrderId orderId) {
}
