package dev.orderly.domain.payment;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.payment.PaymentAttempt;
import dev.orderly.command.payment.PaymentId;

/**
 * What the provider is asked to charge, the same on every attempt: the amount, the card, and the one idempotency key
 * that makes a repeated call the same charge. A record, so that its snapshot is its components.
 */
record Charge(Money amount, String cardToken, String idempotencyKey) {

    /** Refused before anything is stored: a charge must be positive, in an ISO 4217 currency. */
    static void refuseUnlessChargeable(Money amount) {
        if (amount == null || amount.minorUnits() <= 0 || amount.currency() == null
                || !amount.currency().matches("[A-Z]{3}")) {
            throw new CommandRefusedException(Payment.INVALID_AMOUNT,
                    "amount must be positive, in an ISO 4217 currency");
        }
    }

    PaymentAttempt attempt(PaymentId paymentId, OrderId orderId, int attempt) {
        return new PaymentAttempt(paymentId, orderId.toString(), attempt, idempotencyKey, amount, cardToken);
    }
}
