package dev.orderly.command.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The warehouse accepted the picklist. */
public record StartPickingCommand(@TargetAggregateIdentifier OrderId orderId, String picklistId) {
}
