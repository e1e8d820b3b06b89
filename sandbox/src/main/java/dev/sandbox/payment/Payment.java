package dev.sandbox.payment;

import java.time.Instant;

/**
 * A payment as the provider holds it and answers it (field order is the JSON order).
 *
 * @param id             {@code pay_<uuid>}
 * @param idempotencyKey the {@code Idempotency-Key} of the request that created it
 * @param orderReference the merchant's reference, e.g. the order id
 * @param amount         minor units
 * @param currency       ISO-4217, three upper-case letters
 * @param status         see {@link PaymentStatus}
 * @param declineCode    {@code card_declined} or {@code insufficient_funds} when declined, else {@code null}
 * @param capturedAmount what was captured (0 or {@code amount})
 * @param refundedAmount the sum of the refunds
 * @param createdAt      when it was created
 * @param updatedAt      when it last changed
 */
public record Payment(String id, String idempotencyKey, String orderReference, long amount, String currency,
                      PaymentStatus status, String declineCode, long capturedAmount, long refundedAmount,
                      Instant createdAt, Instant updatedAt) {

    /** What may still be refunded. */
    public long refundableAmount() {
        return capturedAmount - refundedAmount;
    }

    Payment captured(Instant now) {
        return new Payment(id, idempotencyKey, orderReference, amount, currency, PaymentStatus.CAPTURED, declineCode,
                amount, refundedAmount, createdAt, now);
    }

    Payment canceled(Instant now) {
        return new Payment(id, idempotencyKey, orderReference, amount, currency, PaymentStatus.CANCELED, declineCode,
                capturedAmount, refundedAmount, createdAt, now);
    }

    Payment refunded(long refund, Instant now) {
        return new Payment(id, idempotencyKey, orderReference, amount, currency, status, declineCode, capturedAmount,
                refundedAmount + refund, createdAt, now);
    }
}
