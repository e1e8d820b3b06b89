package dev.orderly.query.payment;

import dev.orderly.command.payment.PaymentId;

public record FindPaymentQuery(PaymentId paymentId) {
}
