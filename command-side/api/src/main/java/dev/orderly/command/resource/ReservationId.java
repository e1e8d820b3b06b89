package dev.orderly.command.resource;

import java.util.Objects;
import java.util.UUID;

/** Identity of one reservation; chosen by the client so that a retried request is recognised. */
public record ReservationId(UUID value) {
    public ReservationId {
        Objects.requireNonNull(value, "value");
    }

    public static ReservationId random() {
        return new ReservationId(UUID.randomUUID());
    }

    public static ReservationId of(String value) {
        return new ReservationId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
