package dev.orderly.query.payment;

import java.util.List;

/** A payment waiting for a person, with its whole history: everything needed to decide without digging. */
public record PaymentAttentionView(PaymentView payment, List<PaymentHistoryEntry> history) {
}
