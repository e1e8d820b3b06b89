package dev.orderly.domain.payment;

/** Where a payment stands. The states before a final one protect the payment while the processor works on it. */
enum PaymentStatus {
    /** Intent and key stored; the provider has not answered yet. */
    REQUESTED,
    /** A call ended without an answer and a look-up found nothing; it is being resolved with the same key. */
    OUTCOME_UNKNOWN,
    /** The provider reserved the money; capture follows. */
    AUTHORIZED,
    CAPTURED,
    DECLINED,
    /** Cancellation was asked for; the processor is cancelling at the provider or finds it captured after all. */
    CANCEL_PENDING,
    CANCELLED,
    /** Automatic resolution is exhausted; an operator decides. */
    NEEDS_ATTENTION;

    boolean awaitsCharge() {
        return this == REQUESTED || this == OUTCOME_UNKNOWN;
    }

    /** A cancellation under way stays under way whatever the provider says meanwhile; it decides what follows. */
    PaymentStatus unlessCancelPending(PaymentStatus next) {
        return this == CANCEL_PENDING ? this : next;
    }
}
