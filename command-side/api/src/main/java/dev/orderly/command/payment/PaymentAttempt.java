package dev.orderly.command.payment;

import dev.orderly.command.Money;

/** What the payment processor needs for one call to the provider; the answer to {@link BeginPaymentAttemptCommand}. */
public record PaymentAttempt(PaymentId paymentId, String orderReference, int attempt, String idempotencyKey,
                             Money amount, String cardToken) {
}
