package dev.orderly.saga.payment;

/**
 * A payment as the provider reports it.
 *
 * @param status authorized, captured, declined or canceled
 */
public record ProviderPayment(String id, String status, String declineCode, long amount, String currency,
                              long capturedAmount, long refundedAmount) {

    public boolean captured() {
        return "captured".equals(status);
    }

    public boolean authorized() {
        return "authorized".equals(status);
    }

    public boolean declined() {
        return "declined".equals(status);
    }

    public boolean canceled() {
        return "canceled".equals(status);
    }
}
