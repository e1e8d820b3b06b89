package dev.orderly.command.payment;

import dev.orderly.command.order.OrderId;

import java.util.Optional;

/**
 * The claims on order ids' payments, kept in a table with the order id as its key rather than in an aggregate: an
 * order and a payment requested through the payments API are two aggregates, and no one aggregate sees both. A claim
 * is written in the transaction of the command that takes it, so it commits or rolls back with that command's events.
 */
public interface OrderPaymentClaims {

    /**
     * Takes the order id's payment for {@code claim} unless it is taken; waits for a claim another command is
     * committing at that moment, so that two racing commands are decided one after the other.
     *
     * @return the claim that holds the order id now: {@code claim} itself, or the one that was there first
     */
    OrderPaymentClaim claim(OrderPaymentClaim claim);

    /** The claim on the order id's payment, if a committed command took it. */
    Optional<OrderPaymentClaim> find(OrderId orderId);
}
