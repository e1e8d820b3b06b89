package dev.orderly.query.payment;

import dev.orderly.command.payment.PaymentId;

import java.util.List;

/** The payments with these ids that exist, in any order: one query for a page of links instead of one per item. */
public record FindPaymentsQuery(List<PaymentId> paymentIds) {
}
