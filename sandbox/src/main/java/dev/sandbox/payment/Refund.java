package dev.sandbox.payment;

import java.time.Instant;

/**
 * A refund the provider accepted.
 *
 * @param id        {@code re_<uuid>}
 * @param paymentId the refunded payment
 * @param amount    minor units, in the payment's currency
 * @param status    always {@code succeeded} in the sandbox
 * @param createdAt when it was accepted
 */
public record Refund(String id, String paymentId, long amount, String status, Instant createdAt) {
}
