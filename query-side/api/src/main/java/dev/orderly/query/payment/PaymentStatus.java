package dev.orderly.query.payment;

/**
 * Every status a {@link PaymentView} can show, and the order view's {@code paymentStatus} too: those the projections
 * write, and {@code PENDING} and {@code REJECTED}, which the gateway answers for a payment it accepted (or could not
 * send) before the projection has it. The GraphQL schema's {@code PaymentStatus} has exactly these values.
 */
public enum PaymentStatus {
    /** Accepted by the gateway; the payment's events are not projected yet. */
    PENDING,
    /** The gateway could not send the request; nothing was charged. */
    REJECTED,
    /** Requested from the provider. */
    REQUESTED,
    /** A call to the provider had no clear answer; it is looked up and retried with the same key. */
    OUTCOME_UNKNOWN,
    /** The provider authorized the amount. */
    AUTHORIZED,
    /** The amount was taken. */
    CAPTURED,
    /** Part of the captured amount was refunded. */
    PARTIALLY_REFUNDED,
    /** All of the captured amount was refunded. */
    REFUNDED,
    /** The provider declined the card. */
    DECLINED,
    /** A cancellation was requested and is being carried out. */
    CANCEL_PENDING,
    /** Cancelled before anything was taken, or resolved as not charged. */
    CANCELLED,
    /** Neither outcome could be established; an operator decides. */
    NEEDS_ATTENTION
}
