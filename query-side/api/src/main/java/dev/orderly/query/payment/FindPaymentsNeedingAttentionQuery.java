package dev.orderly.query.payment;

/** The manual-intervention queue: payments automatic resolution gave up on, oldest first. */
public record FindPaymentsNeedingAttentionQuery(int limit) {
}
