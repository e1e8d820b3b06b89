package dev.orderly.command.payment;

import java.util.Objects;
import java.util.UUID;

/**
 * Identity of one payment intent. The idempotency key sent to the provider is derived from it, so every retry of the
 * payment carries the same key.
 */
public record PaymentId(UUID value) {
    public PaymentId {
        Objects.requireNonNull(value, "value");
    }

    public static PaymentId random() {
        return new PaymentId(UUID.randomUUID());
    }

    public static PaymentId of(String value) {
        return new PaymentId(UUID.fromString(value));
    }

    /** The key that every call creating this payment at the provider carries, on every attempt. */
    public String idempotencyKey() {
        return "orderly-pay-" + value;
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
