package dev.orderly.command.resource;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ChangeCapacityCommand(@TargetAggregateIdentifier ResourceId resourceId, int capacity) {
}
