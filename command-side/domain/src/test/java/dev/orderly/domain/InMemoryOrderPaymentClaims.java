package dev.orderly.domain;

import dev.orderly.command.order.OrderId;
import dev.orderly.command.payment.OrderPaymentClaim;
import dev.orderly.command.payment.OrderPaymentClaims;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The claims table for fixtures: the first claim of an order id holds, as the table's key makes it hold. */
public final class InMemoryOrderPaymentClaims implements OrderPaymentClaims {

    private final Map<OrderId, OrderPaymentClaim> claims = new HashMap<>();

    /** A table that already holds {@code claim}, as if an earlier command had taken it. */
    public static InMemoryOrderPaymentClaims holding(OrderPaymentClaim claim) {
        InMemoryOrderPaymentClaims table = new InMemoryOrderPaymentClaims();
        table.claim(claim);
        return table;
    }

    @Override
    public OrderPaymentClaim claim(OrderPaymentClaim claim) {
        return claims.computeIfAbsent(claim.orderId(), id -> claim);
    }

    @Override
    public Optional<OrderPaymentClaim> find(OrderId orderId) {
        return Optional.ofNullable(claims.get(orderId));
    }
}
