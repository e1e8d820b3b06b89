package dev.orderly.saga.payment;

/** What one call to the provider came back with. */
public sealed interface ProviderAnswer {

    /** The provider answered with the payment's state. */
    record Answered(ProviderPayment payment) implements ProviderAnswer {
    }

    /** A refund the provider accepted. */
    record Refunded(String refundId, long amount) implements ProviderAnswer {
    }

    /**
     * The provider knows no card by the payment's token (unknown or expired): nothing was charged, and no retry will
     * charge it. For the customer this is a decline, with {@code code} as its reason.
     */
    record TokenRefused(String code) implements ProviderAnswer {
    }

    /**
     * The provider refused the request as such (4xx): it changed nothing.
     *
     * @param payment the payment's state when the provider included it, or {@code null}
     */
    record Refused(int status, String error, ProviderPayment payment) implements ProviderAnswer {
    }

    /**
     * No answer that says what happened: a timeout, a dropped connection, a 5xx, or a call the circuit breaker did
     * not let through. The charge may or may not have happened; only a look-up by key can tell.
     */
    record NoAnswer(String detail) implements ProviderAnswer {
    }
}
