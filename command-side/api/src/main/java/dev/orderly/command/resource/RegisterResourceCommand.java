package dev.orderly.command.resource;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RegisterResourceCommand(@TargetAggregateIdentifier ResourceId resourceId, String name, int capacity) {
}
