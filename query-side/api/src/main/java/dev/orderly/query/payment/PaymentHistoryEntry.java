package dev.orderly.query.payment;

import java.time.Instant;

/** One event in a payment's life, as an operator reads it. */
public record PaymentHistoryEntry(long sequence, String event, String detail, Instant at) {
}
