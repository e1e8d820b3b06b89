package dev.orderly.command.payment;

import java.util.Objects;
import java.util.UUID;

/** Identity of one refund of a payment; the refund's idempotency key is derived from it. */
public record RefundId(UUID value) {
    public RefundId {
        Objects.requireNonNull(value, "value");
    }

    public static RefundId random() {
        return new RefundId(UUID.randomUUID());
    }

    public static RefundId of(String value) {
        return new RefundId(UUID.fromString(value));
    }

    public String idempotencyKey() {
        return "orderly-refund-" + value;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
