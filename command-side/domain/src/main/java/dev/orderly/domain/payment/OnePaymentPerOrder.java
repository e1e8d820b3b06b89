package dev.orderly.domain.payment;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.payment.OrderPaymentClaim;
import dev.orderly.command.payment.OrderPaymentClaims;

/**
 * The rule that an order id is paid once: by the fulfilment of the order placed under it, or through the payments API,
 * never both and never twice with other details. {@code Order} and {@code Payment} are two aggregates, so neither sees
 * the other's state; both take the order id's claim in their creation command's transaction instead, and the claim's
 * unique key decides a race between them. The claim is taken after a command's own checks, just before it applies its
 * first event, and rolls back with it if the command fails later.
 */
public final class OnePaymentPerOrder {

    private OnePaymentPerOrder() {
    }

    /** Takes the order id's payment for {@code request}, or refuses the command if someone else holds it. */
    public static void claim(OrderPaymentClaims claims, OrderPaymentClaim request) {
        OrderPaymentClaim holder = claims.claim(request);
        if (!holder.admits(request)) {
            throw new CommandRefusedException(OrderPaymentClaim.ALREADY_HAS_PAYMENT, switch (holder.origin()) {
                case FULFILMENT -> "order " + request.orderId() + " is paid through its fulfilment";
                case PAYMENTS_API -> "order " + request.orderId() + " already has a payment requested through the "
                        + "payments API" + (request.origin() == holder.origin() ? ", with other details" : "");
            });
        }
    }
}
