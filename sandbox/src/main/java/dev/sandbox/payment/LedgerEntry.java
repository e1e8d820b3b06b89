package dev.sandbox.payment;

import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.Locale;

/**
 * One movement of money the provider accepted. The ledger keeps every one, in order, and is never deduplicated after
 * the fact: two captures for one order mean the customer was charged twice.
 *
 * @param type           capture or refund
 * @param paymentId      the payment
 * @param orderReference the payment's order reference
 * @param idempotencyKey the {@code Idempotency-Key} of the request that moved the money
 * @param amount         minor units
 * @param currency       ISO-4217
 * @param at             when
 */
public record LedgerEntry(Type type, String paymentId, String orderReference, String idempotencyKey, long amount,
                          String currency, Instant at) {

    public enum Type {
        CAPTURE, REFUND;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
