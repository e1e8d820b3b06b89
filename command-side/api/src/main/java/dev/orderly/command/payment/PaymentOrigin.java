package dev.orderly.command.payment;

/**
 * Who asks for the payment of an order id: the fulfilment saga of an order placed under it, or a caller of the
 * payments API paying an order id on its own. The two share one payment id ({@link PaymentId#forOrder}), so the
 * command side lets only one of them have it.
 */
public enum PaymentOrigin {
    /** The saga of the order placed under this id; placing the order claims the payment for it. */
    FULFILMENT,
    /** A request through the payments API, for an order id with no order. */
    PAYMENTS_API
}
