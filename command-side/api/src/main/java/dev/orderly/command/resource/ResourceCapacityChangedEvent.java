package dev.orderly.command.resource;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ResourceCapacityChangedEvent(ResourceId resourceId, int previousCapacity, int capacity) {
}
