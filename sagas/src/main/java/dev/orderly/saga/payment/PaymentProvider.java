package dev.orderly.saga.payment;

import java.util.Optional;

/**
 * The card payment provider, as Orderly needs it. Every call that could move money carries an idempotency key that
 * the caller derives from its own ids, so that a retry is recognised by the provider as the same request.
 */
public interface PaymentProvider {

    /**
     * Creates and captures a payment in one step, on the card behind the provider's {@code paymentToken}. Never
     * retried here: an unclear answer is the caller's to resolve.
     */
    ProviderAnswer charge(String idempotencyKey, String orderReference, long amount, String currency,
                          String paymentToken);

    /**
     * The payment created with {@code idempotencyKey}, if any.
     *
     * @throws ProviderUnavailableException when the provider cannot be asked; then nothing is known
     */
    Optional<ProviderPayment> findByKey(String idempotencyKey);

    ProviderAnswer cancel(String providerPaymentId, String idempotencyKey);

    ProviderAnswer refund(String providerPaymentId, long amount, String idempotencyKey);

    /** False while the provider is known to be failing (the circuit breaker is open). */
    boolean available();

    /** The state of the circuit breaker towards the provider: CLOSED, OPEN, HALF_OPEN. */
    String circuitState();
}
