package dev.orderly.saga.order;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.order.CancelOrderCommand;
import dev.orderly.command.order.CompleteOrderCancellationCommand;
import dev.orderly.command.order.ConfirmOrderCommand;
import dev.orderly.command.order.FlagOrderForAttentionCommand;
import dev.orderly.command.order.MarkOrderReservedCommand;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.RejectOrderCommand;
import dev.orderly.command.payment.CancelPaymentCommand;
import dev.orderly.command.payment.PaymentOrigin;
import dev.orderly.command.payment.RefundPaymentCommand;
import dev.orderly.command.payment.RequestPaymentCommand;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReleaseReservationCommand;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReserveResourceCommand;
import dev.orderly.saga.order.FulfilmentState.Line;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * The commands the fulfilment saga sends to the order, its resources and its payment, built from its state: one
 * method per step or compensation. Each but {@link #reserve} tells whether it was accepted, because a business
 * refusal is an answer, not an error: a saga handler that threw it would stop its processor and retry the same
 * refusal for ever.
 */
final class FulfilmentCommands {

    private static final Logger log = LoggerFactory.getLogger(FulfilmentCommands.class);

    private final CommandGateway gateway;
    private final FulfilmentState state;

    FulfilmentCommands(CommandGateway gateway, FulfilmentState state) {
        this.gateway = gateway;
        this.state = state;
    }

    /** Throws what the resource answered, for the saga to tell a refusal from a grant. */
    void reserve(Line line) {
        gateway.sendAndWait(ReserveResourceCommand.forOrder(line.resourceId(), ReservationId.of(line.reservationId()),
                customer(), line.quantity(), order(), line.unitPrice()));
    }

    boolean release(Line line, String reason) {
        return attempt(new ReleaseReservationCommand(line.resourceId(), ReservationId.of(line.reservationId()),
                customer(), order(), reason));
    }

    boolean markReserved() {
        return attempt(new MarkOrderReservedCommand(order()));
    }

    boolean requestPayment(Instant payBy) {
        return attempt(new RequestPaymentCommand(state.paymentId(), order(), state.total(), state.paymentToken(),
                payBy, PaymentOrigin.FULFILMENT));
    }

    boolean cancelPayment(String reason) {
        return attempt(new CancelPaymentCommand(state.paymentId(), reason));
    }

    boolean refund() {
        return attempt(new RefundPaymentCommand(state.paymentId(), state.refundId(), state.total(),
                "order cancelled: " + state.cancellation()));
    }

    boolean confirm() {
        return attempt(new ConfirmOrderCommand(order(), state.paymentId()));
    }

    boolean reject() {
        return attempt(new RejectOrderCommand(order(), state.rejection()));
    }

    boolean completeCancellation() {
        return attempt(new CompleteOrderCancellationCommand(order()));
    }

    boolean cancelOrder(String reason, String requestedBy) {
        return attempt(new CancelOrderCommand(order(), reason, requestedBy));
    }

    boolean flagForAttention(String reason) {
        return attempt(new FlagOrderForAttentionCommand(order(), reason));
    }

    private boolean attempt(Object command) {
        try {
            gateway.sendAndWait(command);
            return true;
        } catch (CommandRefusedException refused) {
            log.info("Order {}: {} refused: {}", state.orderId(), command.getClass().getSimpleName(),
                    refused.getMessage());
            return false;
        }
    }

    private OrderId order() {
        return OrderId.of(state.orderId());
    }

    private CustomerId customer() {
        return new CustomerId(state.customerId());
    }
}
