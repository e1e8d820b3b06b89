package dev.orderly.command.resource;

import java.util.Objects;
import java.util.UUID;

/** Identity of a bookable {@code Resource}; its string form is the aggregate identifier in the event store. */
public record ResourceId(UUID value) {
    public ResourceId {
        Objects.requireNonNull(value, "value");
    }

    public static ResourceId random() {
        return new ResourceId(UUID.randomUUID());
    }

    public static ResourceId of(String value) {
        return new ResourceId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
