package dev.orderly.saga.order;

import dev.orderly.command.Money;

/**
 * Every e-mail the fulfilment saga sends a customer, with the ledger kind it is decided under: a change of wording
 * is made here, and the kinds stay stable because the effect ledger keys each decision by its kind.
 */
final class CustomerMessages {

    static final String CONFIRMED = "email-order-confirmed";
    static final String SHIPPED = "email-order-shipped";
    static final String CANCELLED = "email-order-cancelled";
    static final String REJECTED = "email-order-rejected";

    /** One e-mail: its ledger kind, subject and text. */
    record Message(String kind, String subject, String text) {
    }

    private CustomerMessages() {
    }

    static Message confirmed(String orderId, Money total) {
        return new Message(CONFIRMED, "Your order is confirmed", "Thank you. Order " + orderId + " is paid ("
                + total.minorUnits() + " " + total.currency() + ") and will be picked now.");
    }

    static Message shipped(String orderId, String carrier, String trackingNumber) {
        return new Message(SHIPPED, "Your order has shipped", "Your order " + orderId + " is on its way with "
                + carrier + ", tracking number " + trackingNumber + ".");
    }

    static Message rejected(String orderId, String reason) {
        return new Message(REJECTED, "We could not take your order", "Order " + orderId
                + " could not be reserved (" + reason + "). Nothing was charged.");
    }

    static Message cancelled(String orderId, String reason, boolean refunded) {
        return new Message(CANCELLED, "Your order is cancelled", "Order " + orderId + " is cancelled (" + reason
                + ")." + (refunded ? " The payment is refunded." : ""));
    }
}
