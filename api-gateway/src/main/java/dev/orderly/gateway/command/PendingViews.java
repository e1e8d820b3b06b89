package dev.orderly.gateway.command;

import dev.orderly.command.order.PlaceOrderCommand;
import dev.orderly.command.payment.RequestPaymentCommand;
import dev.orderly.command.resource.ReserveResourceCommand;
import dev.orderly.query.order.OrderStatus;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.payment.PaymentStatus;
import dev.orderly.query.payment.PaymentView;
import dev.orderly.query.resource.ReservationStatus;
import dev.orderly.query.resource.ReservationView;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * What an accepted command shows before its projection has it: the read model's own view, built from the stored
 * command, {@code PENDING} while the command side has not decided it and {@code REJECTED}, with the refusal's detail
 * as its reason, once it refused it. A refused command wrote no event, so no projection will ever have it: this view
 * is then its outcome for good. One place knows how each stored command maps to its view, so the API answers the
 * same whether a client reads a moment before the projection or after.
 */
@Component
public class PendingViews {

    private final CommandOutbox outbox;

    PendingViews(CommandOutbox outbox) {
        this.outbox = outbox;
    }

    /** An order being placed: its lines at the prices it was accepted at, no payment or shipment yet. */
    public OrderView order(AcceptedCommand accepted) {
        PlaceOrderCommand command = outbox.payload(accepted, PlaceOrderCommand.class);
        long total = command.lines().stream().mapToLong(line -> line.unitPrice().minorUnits() * line.quantity())
                .sum();
        return new OrderView(command.orderId().toString(), command.customerId().toString(), command.email(),
                accepted.failed() ? OrderStatus.REJECTED : OrderStatus.PENDING, total,
                command.lines().get(0).unitPrice().currency(),
                command.lines().stream().map(line -> new OrderView.OrderLineView(line.resourceId().toString(),
                        line.quantity(), line.unitPrice().minorUnits())).toList(),
                null, null, null, null, null, reason(accepted), false, accepted.acceptedAt(), accepted.acceptedAt(),
                List.of());
    }

    /** A payment requested through the payments API: nothing charged, no attempt made yet. */
    public PaymentView payment(AcceptedCommand accepted) {
        RequestPaymentCommand command = outbox.payload(accepted, RequestPaymentCommand.class);
        return new PaymentView(command.paymentId().toString(), command.orderId().toString(),
                command.amount().minorUnits(), command.amount().currency(),
                accepted.failed() ? PaymentStatus.REJECTED : PaymentStatus.PENDING, 0, 0, 0,
                command.paymentId().idempotencyKey(), null, reason(accepted), accepted.acceptedAt());
    }

    /** A reservation asked for through the API, awaiting the resource's decision. */
    public ReservationView reservation(AcceptedCommand accepted) {
        ReserveResourceCommand command = outbox.payload(accepted, ReserveResourceCommand.class);
        return new ReservationView(command.reservationId().toString(), command.resourceId().toString(),
                command.customerId().toString(), command.quantity(),
                accepted.failed() ? ReservationStatus.REJECTED : ReservationStatus.PENDING, reason(accepted),
                accepted.acceptedAt());
    }

    private static String reason(AcceptedCommand accepted) {
        return accepted.failed() ? accepted.failureDetail() : null;
    }
}
