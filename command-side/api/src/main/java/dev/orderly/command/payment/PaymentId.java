package dev.orderly.command.payment;

import dev.orderly.command.order.OrderId;

import java.nio.charset.StandardCharsets;
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

    /**
     * The one payment of an order: derived from the order id, so that however an order comes to be paid (by its
     * fulfilment saga or through the payments API) and however often it is asked, there is one payment aggregate, and
     * so at most one charge.
     */
    public static PaymentId forOrder(OrderId orderId) {
        return new PaymentId(UUID.nameUUIDFromBytes((orderId + "/payment").getBytes(StandardCharsets.UTF_8)));
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
