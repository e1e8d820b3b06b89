package dev.orderly.command.payment;

import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;

/**
 * Who holds the one payment of an order id, recorded by the first command that takes it for good: placing the order
 * (for its fulfilment) or a payment requested through the payments API.
 *
 * @param amount what the holder pays: the order's total, or the amount the payments API was asked for
 */
public record OrderPaymentClaim(OrderId orderId, PaymentOrigin origin, Money amount) {

    /** The refusal's code, the one the API answers with. */
    public static final String ALREADY_HAS_PAYMENT = "order-already-has-payment";

    /**
     * True when {@code request} may go on under this claim: the order's own fulfilment paying it, or the same
     * payments-API request again (a retry). Another origin, or a payments-API request with another amount, would be a
     * second charge for one order.
     */
    public boolean admits(OrderPaymentClaim request) {
        return origin == request.origin()
                && (origin == PaymentOrigin.FULFILMENT || amount.equals(request.amount()));
    }
}
