package dev.orderly.query.payment;

import java.time.Instant;

/**
 * A payment as projected from its events.
 *
 * @param reason         why it was declined, cancelled or needs attention
 * @param attempts       calls made to the provider, all with the same {@code idempotencyKey}
 */
public record PaymentView(String paymentId, String orderId, long amount, String currency, PaymentStatus status,
                          long capturedAmount, long refundedAmount, int attempts, String idempotencyKey,
                          String providerPaymentId, String reason, Instant updatedAt) {

    /**
     * The event processor that builds these views: the projection's processing group, its key under
     * {@code axon.eventhandling.processors} in {@code application.yml}, the processor a read-your-writes request
     * waits for and the name an operator replays. Here, in the contract, so that the projection and the gateway
     * share one spelling.
     */
    public static final String PROCESSING_GROUP = "payment-views";
}
