package dev.orderly.command.resource;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ResourceRegisteredEvent(ResourceId resourceId, String name, int capacity) {
}
