package dev.orderly.domain.order;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Money;
import dev.orderly.command.order.CancelOrderCommand;
import dev.orderly.command.order.CompleteOrderCancellationCommand;
import dev.orderly.command.order.ConfirmOrderCommand;
import dev.orderly.command.order.FlagOrderForAttentionCommand;
import dev.orderly.command.order.MarkOrderReservedCommand;
import dev.orderly.command.order.MarkOrderShippedCommand;
import dev.orderly.command.order.OrderCancellationRequestedEvent;
import dev.orderly.command.order.OrderCancelledEvent;
import dev.orderly.command.order.OrderConfirmedEvent;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.OrderLine;
import dev.orderly.command.order.OrderNeedsAttentionEvent;
import dev.orderly.command.order.OrderPickingStartedEvent;
import dev.orderly.command.order.OrderPlacedEvent;
import dev.orderly.command.order.OrderRejectedEvent;
import dev.orderly.command.order.OrderReservedEvent;
import dev.orderly.command.order.OrderShippedEvent;
import dev.orderly.command.order.PlaceOrderCommand;
import dev.orderly.command.order.RejectOrderCommand;
import dev.orderly.command.order.StartPickingCommand;
import dev.orderly.command.payment.OrderPaymentClaim;
import dev.orderly.command.payment.OrderPaymentClaims;
import dev.orderly.command.payment.PaymentOrigin;
import dev.orderly.domain.payment.OnePaymentPerOrder;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static dev.orderly.domain.order.OrderStatus.CANCELLED;
import static dev.orderly.domain.order.OrderStatus.CANCEL_PENDING;
import static dev.orderly.domain.order.OrderStatus.CONFIRMED;
import static dev.orderly.domain.order.OrderStatus.PENDING_PAYMENT;
import static dev.orderly.domain.order.OrderStatus.PENDING_RESERVATION;
import static dev.orderly.domain.order.OrderStatus.PICKING;
import static dev.orderly.domain.order.OrderStatus.REJECTED;
import static dev.orderly.domain.order.OrderStatus.SHIPPED;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An order and its explicit state. It decides what the fulfilment saga and the customer may still do: a cancellation
 * is accepted until the order ships and refused after; while a cancellation is pending, confirming is refused.
 */
@Aggregate
public class Order {

    public static final String INVALID_ORDER = "invalid-order";
    public static final String ALREADY_SHIPPED = "order-already-shipped";
    public static final String ORDER_CLOSED = "order-closed";
    public static final String INVALID_STATE = "invalid-order-state";

    @AggregateIdentifier
    private OrderId orderId;
    private OrderStatus status;
    private String cancellationReason;

    protected Order() {
        // required by Axon to rebuild the aggregate from its events
    }

    /** Placing the order takes its payment for the fulfilment; an order id paid through the payments API is refused. */
    @CommandHandler
    public Order(PlaceOrderCommand command, OrderPaymentClaims payments) {
        if (command.lines() == null || command.lines().isEmpty()) {
            throw new CommandRefusedException(INVALID_ORDER, "an order needs at least one line");
        }
        if (command.email() == null || !command.email().contains("@")) {
            throw new CommandRefusedException(INVALID_ORDER, "an order needs the customer's e-mail address");
        }
        String currency = command.lines().get(0).unitPrice().currency();
        Money total = Money.zero(currency);
        for (OrderLine line : command.lines()) {
            if (line.quantity() < 1 || line.unitPrice().minorUnits() < 0
                    || !line.unitPrice().currency().equals(currency)) {
                throw new CommandRefusedException(INVALID_ORDER,
                        "every line needs a quantity of at least 1 and a price in " + currency);
            }
            total = total.plus(new Money(line.unitPrice().minorUnits() * line.quantity(), currency));
        }
        OnePaymentPerOrder.claim(payments, new OrderPaymentClaim(command.orderId(), PaymentOrigin.FULFILMENT, total));
        apply(new OrderPlacedEvent(command.orderId(), command.customerId(), command.email(), command.lines(), total,
                command.shipTo(), command.cardToken()));
    }

    @CommandHandler
    public void handle(MarkOrderReservedCommand command) {
        if (status == PENDING_RESERVATION) {
            apply(new OrderReservedEvent(orderId));
        } else if (status != PENDING_PAYMENT) {
            throw refused(INVALID_STATE, "marking reserved");
        }
    }

    @CommandHandler
    public void handle(RejectOrderCommand command) {
        if (status == PENDING_RESERVATION || status == PENDING_PAYMENT) {
            apply(new OrderRejectedEvent(orderId, command.reason()));
        } else if (status != REJECTED) {
            throw refused(INVALID_STATE, "rejection");
        }
    }

    @CommandHandler
    public void handle(ConfirmOrderCommand command) {
        if (status == PENDING_PAYMENT) {
            apply(new OrderConfirmedEvent(orderId, command.paymentId()));
        } else if (status != CONFIRMED && status != PICKING && status != SHIPPED) {
            throw refused(INVALID_STATE, "confirmation");
        }
    }

    @CommandHandler
    public void handle(StartPickingCommand command) {
        if (status == CONFIRMED) {
            apply(new OrderPickingStartedEvent(orderId, command.picklistId()));
        } else if (status != PICKING && status != SHIPPED) {
            throw refused(INVALID_STATE, "picking");
        }
    }

    @CommandHandler
    public void handle(MarkOrderShippedCommand command) {
        if (status == PICKING || status == CONFIRMED) {
            apply(new OrderShippedEvent(orderId, command.shipmentId(), command.carrier(), command.trackingNumber()));
        } else if (status != SHIPPED) {
            throw refused(INVALID_STATE, "shipment");
        }
    }

    @CommandHandler
    public void handle(CancelOrderCommand command) {
        switch (status) {
            case PENDING_RESERVATION, PENDING_PAYMENT, CONFIRMED, PICKING ->
                    apply(new OrderCancellationRequestedEvent(orderId, command.reason(), command.requestedBy()));
            case CANCEL_PENDING, CANCELLED -> { /* already on its way out */ }
            case SHIPPED -> throw refused(ALREADY_SHIPPED, "cancellation; the goods are on their way");
            default -> throw refused(ORDER_CLOSED, "cancellation");
        }
    }

    @CommandHandler
    public void handle(CompleteOrderCancellationCommand command) {
        if (status == CANCEL_PENDING) {
            apply(new OrderCancelledEvent(orderId, cancellationReason));
        } else if (status != CANCELLED) {
            throw refused(INVALID_STATE, "completing a cancellation");
        }
    }

    @CommandHandler
    public void handle(FlagOrderForAttentionCommand command) {
        apply(new OrderNeedsAttentionEvent(orderId, command.reason()));
    }

    private CommandRefusedException refused(String code, String what) {
        return new CommandRefusedException(code, "order " + orderId + " is " + status + ": " + what + " refused");
    }

    @EventSourcingHandler
    void on(OrderPlacedEvent event) {
        orderId = event.orderId();
        status = PENDING_RESERVATION;
    }

    @EventSourcingHandler
    void on(OrderReservedEvent event) {
        status = PENDING_PAYMENT;
    }

    @EventSourcingHandler
    void on(OrderRejectedEvent event) {
        status = REJECTED;
    }

    @EventSourcingHandler
    void on(OrderConfirmedEvent event) {
        status = CONFIRMED;
    }

    @EventSourcingHandler
    void on(OrderPickingStartedEvent event) {
        status = PICKING;
    }

    @EventSourcingHandler
    void on(OrderShippedEvent event) {
        status = SHIPPED;
    }

    @EventSourcingHandler
    void on(OrderCancellationRequestedEvent event) {
        status = CANCEL_PENDING;
        cancellationReason = event.reason();
    }

    @EventSourcingHandler
    void on(OrderCancelledEvent event) {
        status = CANCELLED;
    }
}
