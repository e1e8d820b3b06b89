package dev.orderly.projection;

import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.OrderLine;
import dev.orderly.command.order.OrderPlacedEvent;
import dev.orderly.command.order.ShippingAddress;
import dev.orderly.command.payment.ManualResolution;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.PaymentRefundedEvent;
import dev.orderly.command.payment.PaymentRequestedEvent;
import dev.orderly.command.payment.PaymentResolvedManuallyEvent;
import dev.orderly.command.payment.RefundId;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ResourceId;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/** Events of one order and its payment, in euros, for the projection tests; each order and payment of its own. */
public record OrderEvents(OrderId order, PaymentId payment) {

    public static OrderEvents fresh() {
        return new OrderEvents(OrderId.of(UUID.randomUUID().toString()), PaymentId.of(UUID.randomUUID().toString()));
    }

    public static Money euros(long minorUnits) {
        return new Money(minorUnits, "EUR");
    }

    /** Placed with {@code lines} lines of {@code i + 1} units at 100 each, line {@code i} on a resource of its own. */
    public OrderPlacedEvent placed(int lines) {
        List<OrderLine> placed = IntStream.range(0, lines).mapToObj(i -> new OrderLine(
                ResourceId.of(UUID.randomUUID().toString()), i + 1, euros(100))).toList();
        long total = placed.stream().mapToLong(line -> line.quantity() * line.unitPrice().minorUnits()).sum();
        return new OrderPlacedEvent(order, new CustomerId("alice"), "alice@example.com", placed, euros(total),
                new ShippingAddress("Alice", "1 Main St", "Berlin", "10115", "DE"), "tok_1");
    }

    public PaymentRequestedEvent requested(long amount) {
        return new PaymentRequestedEvent(payment, order, euros(amount), "tok_1", payment.idempotencyKey(),
                Instant.parse("2026-01-01T10:15:00Z"), "deadline-" + payment);
    }

    public PaymentCapturedEvent captured(long amount) {
        return new PaymentCapturedEvent(payment, order, "pay_" + payment, euros(amount));
    }

    public PaymentRefundedEvent refunded(long amount) {
        return new PaymentRefundedEvent(payment, order, RefundId.random(), euros(amount), "re_" + amount);
    }

    public PaymentResolvedManuallyEvent resolved(ManualResolution resolution) {
        return new PaymentResolvedManuallyEvent(payment, order, "olga", resolution, "checked the portal");
    }
}
