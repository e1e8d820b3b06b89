package dev.orderly.query.order;

/**
 * Every status an {@link OrderView} can show: those the order projection writes, and {@code PENDING}, which the
 * gateway answers for an order it accepted before the projection has it. The projection writes only these names, and
 * the GraphQL schema's {@code OrderStatus} has exactly these values, so a client's generated enum covers them all.
 */
public enum OrderStatus {
    /** Accepted by the gateway; the order's events are not projected yet. */
    PENDING,
    /** Placed; its lines are being reserved. */
    PENDING_RESERVATION,
    /** Every line is held; the payment is being taken. */
    PENDING_PAYMENT,
    /** Paid. */
    CONFIRMED,
    /** The warehouse is picking it. */
    PICKING,
    /** Handed to the carrier; final. */
    SHIPPED,
    /** A cancellation is being carried out: reservations released, the payment cancelled or refunded. */
    CANCEL_PENDING,
    /** Cancelled; final. */
    CANCELLED,
    /** Refused (a line could not be held, the payment was declined, or the gateway could not send it); final. */
    REJECTED;

    /** Whether the order changes no more: a live stream ends here, and it is no one's to look at any longer. */
    public boolean isFinal() {
        return this == SHIPPED || this == CANCELLED || this == REJECTED;
    }

    /** The names of the final statuses, as the read model stores them. */
    public static String[] finalNames() {
        return java.util.Arrays.stream(values()).filter(OrderStatus::isFinal).map(Enum::name).toArray(String[]::new);
    }
}
