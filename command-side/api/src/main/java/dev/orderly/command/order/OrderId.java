package dev.orderly.command.order;

import java.util.Objects;
import java.util.UUID;

/** Identity of an order; its string form is the order aggregate's identifier in the event store. */
public record OrderId(UUID value) {
    public OrderId {
        Objects.requireNonNull(value, "value");
    }

    public static OrderId random() {
        return new OrderId(UUID.randomUUID());
    }

    public static OrderId of(String value) {
        return new OrderId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
