package dev.orderly.saga.order;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Money;
import dev.orderly.command.order.CancelOrderCommand;
import dev.orderly.command.order.CompleteOrderCancellationCommand;
import dev.orderly.command.order.ConfirmOrderCommand;
import dev.orderly.command.order.FlagOrderForAttentionCommand;
import dev.orderly.command.order.MarkOrderReservedCommand;
import dev.orderly.command.order.OrderCancellationRequestedEvent;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.OrderLine;
import dev.orderly.command.order.OrderPickingStartedEvent;
import dev.orderly.command.order.OrderPlacedEvent;
import dev.orderly.command.order.OrderShippedEvent;
import dev.orderly.command.order.RejectOrderCommand;
import dev.orderly.command.order.ShippingAddress;
import dev.orderly.command.payment.CancelPaymentCommand;
import dev.orderly.command.payment.ManualResolution;
import dev.orderly.command.payment.PaymentCancelledEvent;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentDeclinedEvent;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.PaymentRefundedEvent;
import dev.orderly.command.payment.PaymentResolvedManuallyEvent;
import dev.orderly.command.payment.RefundId;
import dev.orderly.command.payment.RefundPaymentCommand;
import dev.orderly.command.payment.RequestPaymentCommand;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReleaseReservationCommand;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReserveResourceCommand;
import dev.orderly.command.resource.ResourceReservedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Fulfils an order step by step: reserve every line, take the payment, confirm and e-mail the customer, send the
 * picklist, take the shipment notice and e-mail again. Every failure is compensated: reservations are released, the
 * payment is cancelled or refunded, and the customer is told. Its deadlines are persistent (db-scheduler), so they
 * survive restarts; each is cancelled once it no longer applies. Ids of what it creates are derived from the order
 * id, so a step that is repeated finds its earlier result instead of creating a second one.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class OrderFulfilmentSaga {

    static final String RESERVATION_DEADLINE = "order-reservation-deadline";
    static final String PAYMENT_DEADLINE = "order-payment-deadline";
    static final String PICKING_DEADLINE = "order-picking-deadline";
    static final String SHIPMENT_DEADLINE = "order-shipment-deadline";

    static final String CONFIRMATION_EMAIL = "email-order-confirmed";
    static final String SHIPPED_EMAIL = "email-order-shipped";
    static final String CANCELLED_EMAIL = "email-order-cancelled";
    static final String REJECTED_EMAIL = "email-order-rejected";

    static final String FULFILMENTS_METER = "orderly.saga.fulfilments";
    /** What {@link #count} counts; {@link FulfilmentConfiguration} exports each at 0 from the start. */
    static final List<String> COUNTED = List.of("started", "shipped", "rejected", "cancelled");

    enum Phase { RESERVING, REJECTING, PAYING, FULFILLING, SHIPPING, COMPENSATING }

    private static final Logger log = LoggerFactory.getLogger(OrderFulfilmentSaga.class);

    enum Line { PENDING, RESERVED, REJECTED, RELEASED }

    @Inject
    transient CommandGateway commandGateway;
    @Inject
    transient DeadlineManager deadlineManager;
    @Inject
    transient Effects effects;
    @Inject
    transient FulfilmentProperties properties;
    @Inject
    transient MeterRegistry metrics;

    private String orderId;
    /**
     * The placing event's identifier: random, made by the server and never shown to a customer. The ids of what
     * this saga creates on a resource are derived from it, so no one can claim them before the saga does.
     */
    private String idSeed;
    private String customerId;
    private String email;
    private List<OrderLine> lines;
    private ShippingAddress shipTo;
    private Money total;
    /** The provider's token for the customer's card. Sagas stored before it was named so kept it as "card". */
    @JsonAlias("card")
    private String paymentToken;
    private Phase phase;
    private final Map<String, Line> reservations = new LinkedHashMap<>();
    /** What the resources granted, at the prices they granted: the amount to charge. */
    private Money granted;
    /** A line granted before reservations recorded their price: the placed total is charged instead. */
    private boolean grantedWithoutPrice;
    private String paymentId;
    private boolean paymentCaptured;
    private boolean paymentSettled;
    private String rejection;
    private String cancellation;
    private String deadlineName;
    private String deadlineId;

    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPlacedEvent event, EventMessage<?> message) {
        orderId = event.orderId().toString();
        idSeed = message.getIdentifier();
        customerId = event.customerId().toString();
        email = event.email();
        lines = new ArrayList<>(event.lines());
        shipTo = event.shipTo();
        total = event.total();
        paymentToken = event.cardToken();
        phase = Phase.RESERVING;
        log.info("Order {} of customer {} placed: fulfilment starts", orderId, customerId);
        count("started");
        for (int i = 0; i < lines.size(); i++) {
            String reservationId = reservationId(i);
            reservations.put(reservationId, Line.PENDING);
            SagaLifecycle.associateWith("reservationId", reservationId);
        }
        int i = 0;
        for (String reservationId : new ArrayList<>(reservations.keySet())) {
            OrderLine line = lines.get(i++);
            try {
                commandGateway.sendAndWait(ReserveResourceCommand.forOrder(line.resourceId(),
                        ReservationId.of(reservationId), new CustomerId(customerId), line.quantity(), orderId(),
                        line.unitPrice()));
            } catch (CommandRefusedException | AggregateNotFoundException | IncompatibleAggregateException e) {
                // Not a resource, a line the resource refuses outright, or an id someone else holds: the order
                // cannot be reserved.
                reservations.put(reservationId, Line.REJECTED);
                if (phase == Phase.RESERVING) {
                    phase = Phase.REJECTING;
                    rejection = "resource " + line.resourceId() + ": " + e.getMessage();
                }
            }
        }
        if (phase == Phase.REJECTING) {
            finishIfSettled();
        } else {
            schedule(properties.reservationTimeout(), RESERVATION_DEADLINE);
        }
    }

    @SagaEventHandler(associationProperty = "reservationId")
    void on(ResourceReservedEvent event, @Timestamp Instant at) {
        String reservationId = event.reservationId().toString();
        if (reservations.get(reservationId) != Line.PENDING) {
            return;
        }
        reservations.put(reservationId, Line.RESERVED);
        grant(event);
        if (phase == Phase.REJECTING || phase == Phase.COMPENSATING) {
            release(reservationId, phase == Phase.REJECTING ? "order rejected" : "order cancelled");
            finishIfSettled();
        } else if (phase == Phase.RESERVING && !reservations.containsValue(Line.PENDING)) {
            if (attempt(new MarkOrderReservedCommand(orderId()))) {
                requestPayment(at);
            }
            // refused: the customer cancelled meanwhile, and that event starts the compensation
        }
    }

    @SagaEventHandler(associationProperty = "reservationId")
    void on(ReservationRejectedEvent event) {
        String reservationId = event.reservationId().toString();
        if (reservations.get(reservationId) != Line.PENDING) {
            return;
        }
        reservations.put(reservationId, Line.REJECTED);
        if (phase == Phase.RESERVING) {
            phase = Phase.REJECTING;
            rejection = "resource " + event.resourceId() + ": " + event.reason();
            releaseHeld("order rejected");
        }
        finishIfSettled();
    }

    @SagaEventHandler(associationProperty = "paymentId")
    void on(PaymentCapturedEvent event) {
        paymentCaptured();
    }

    @SagaEventHandler(associationProperty = "paymentId")
    void on(PaymentResolvedManuallyEvent event) {
        if (event.resolution() == ManualResolution.CAPTURED) {
            paymentCaptured();
        } else {
            paymentEnded("payment not charged: " + event.note());
        }
    }

    @SagaEventHandler(associationProperty = "paymentId")
    void on(PaymentDeclinedEvent event) {
        paymentEnded("payment declined: " + event.reason());
    }

    @SagaEventHandler(associationProperty = "paymentId")
    void on(PaymentCancelledEvent event) {
        paymentEnded("payment cancelled: " + event.reason());
    }

    @SagaEventHandler(associationProperty = "paymentId")
    void on(PaymentRefundedEvent event) {
        paymentSettled = true;
        finishIfSettled();
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderCancellationRequestedEvent event) {
        if (phase == Phase.COMPENSATING) {
            return;
        }
        // A cancellation that overtakes a rejection wins: the order can no longer be rejected, only cancelled.
        phase = Phase.COMPENSATING;
        cancellation = event.reason();
        cancelDeadline();
        effects.withdraw(orderId, "picklist");
        releaseHeld("order cancelled");
        releaseUndecided("order cancelled");
        if (paymentId == null) {
            paymentSettled = true;
        } else if (paymentCaptured) {
            refund();
        } else if (!paymentSettled) {
            if (!attempt(new CancelPaymentCommand(PaymentId.of(paymentId), "order cancelled"))) {
                refund();
            }
        }
        finishIfSettled();
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPickingStartedEvent event) {
        if (phase != Phase.FULFILLING) {
            return;
        }
        phase = Phase.SHIPPING;
        cancelDeadline();
        schedule(properties.shipmentTimeout(), SHIPMENT_DEADLINE);
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderShippedEvent event) {
        cancelDeadline();
        effects.email(orderId, SHIPPED_EMAIL, email, "Your order has shipped", "Your order " + orderId
                + " is on its way with " + event.carrier() + ", tracking number " + event.trackingNumber() + ".");
        log.info("Order {} shipped with {}: fulfilment done", orderId, event.carrier());
        count("shipped");
        SagaLifecycle.end();
    }

    /**
     * Reservations are decided in milliseconds; one still undecided after this long never will be. The order is
     * rejected, and what it holds is given back.
     */
    @DeadlineHandler(deadlineName = RESERVATION_DEADLINE)
    void reservationTimedOut() {
        deadlineId = null;
        deadlineName = null;
        if (phase != Phase.RESERVING) {
            return;
        }
        phase = Phase.REJECTING;
        rejection = "the reservations were not decided within " + properties.reservationTimeout();
        releaseHeld("order rejected");
        releaseUndecided("order rejected");
        finishIfSettled();
    }

    @DeadlineHandler(deadlineName = PAYMENT_DEADLINE)
    void paymentTimedOut() {
        deadlineId = null;
        deadlineName = null;
        if (phase == Phase.PAYING) {
            // refused when captured meanwhile: the capture is on its way to this saga
            attempt(new CancelPaymentCommand(PaymentId.of(paymentId), "the order's payment deadline passed"));
        }
    }

    @DeadlineHandler(deadlineName = PICKING_DEADLINE)
    void pickingTimedOut() {
        deadlineId = null;
        deadlineName = null;
        if (phase == Phase.FULFILLING) {
            attempt(new FlagOrderForAttentionCommand(orderId(),
                    "the warehouse has not accepted the picklist within " + properties.pickingTimeout()));
        }
    }

    @DeadlineHandler(deadlineName = SHIPMENT_DEADLINE)
    void shipmentTimedOut() {
        deadlineId = null;
        deadlineName = null;
        if (phase != Phase.SHIPPING) {
            return;
        }
        String reason = "the warehouse has not shipped within " + properties.shipmentTimeout();
        if (properties.onShipmentTimeout() == FulfilmentProperties.ShipmentTimeoutPolicy.REFUND_AND_CANCEL) {
            attempt(new CancelOrderCommand(orderId(), reason, "shipment deadline"));
        } else {
            attempt(new FlagOrderForAttentionCommand(orderId(), reason));
        }
    }

    private void requestPayment(Instant placedAt) {
        phase = Phase.PAYING;
        paymentId = PaymentId.forOrder(OrderId.of(orderId)).toString();
        SagaLifecycle.associateWith("paymentId", paymentId);
        if (granted != null && !grantedWithoutPrice) {
            total = granted;
        }
        if (!attempt(new RequestPaymentCommand(PaymentId.of(paymentId), orderId(), total, paymentToken,
                placedAt.plus(properties.paymentTimeout())))) {
            paymentSettled = true;
            attempt(new CancelOrderCommand(orderId(), "the payment could not be requested", "order fulfilment"));
            return;
        }
        // A little later than the payment's own deadline, which cancels it; this one is the saga's safety net.
        schedule(properties.paymentTimeout().plusMinutes(1), PAYMENT_DEADLINE);
    }

    private void paymentCaptured() {
        paymentCaptured = true;
        if (phase == Phase.COMPENSATING) {
            refund();
            return;
        }
        if (phase != Phase.PAYING) {
            return;
        }
        cancelDeadline();
        if (!attempt(new ConfirmOrderCommand(orderId(), PaymentId.of(paymentId)))) {
            return; // the customer's cancellation arrives as an event and refunds this capture
        }
        phase = Phase.FULFILLING;
        effects.email(orderId, CONFIRMATION_EMAIL, email, "Your order is confirmed", "Thank you. Order " + orderId
                + " is paid (" + total.minorUnits() + " " + total.currency() + ") and will be picked now.");
        effects.picklist(orderId, lines, shipTo);
        schedule(properties.pickingTimeout(), PICKING_DEADLINE);
    }

    private void paymentEnded(String reason) {
        paymentSettled = true;
        if (phase == Phase.PAYING) {
            cancelDeadline();
            attempt(new CancelOrderCommand(orderId(), reason, "order fulfilment"));
        } else {
            finishIfSettled();
        }
    }

    private void refund() {
        if (paymentSettled) {
            return;
        }
        if (!attempt(new RefundPaymentCommand(PaymentId.of(paymentId), RefundId.of(derivedId("refund")), total,
                "order cancelled: " + cancellation))) {
            attempt(new FlagOrderForAttentionCommand(orderId(), "the payment of a cancelled order could not be "
                    + "refunded automatically; refund it by hand"));
        }
    }

    private void releaseHeld(String reason) {
        for (Map.Entry<String, Line> line : reservations.entrySet()) {
            if (line.getValue() == Line.RESERVED) {
                release(line.getKey(), reason);
            }
        }
    }

    /**
     * Gives back lines whose decision has not reached the saga yet. Their commands were answered, so the resource
     * has decided them: a granted one is released, a rejected one is left as it is, and whatever event arrives later
     * for them changes nothing.
     */
    private void releaseUndecided(String reason) {
        for (Map.Entry<String, Line> line : reservations.entrySet()) {
            if (line.getValue() == Line.PENDING) {
                release(line.getKey(), reason);
            }
        }
    }

    private void release(String reservationId, String reason) {
        int index = new ArrayList<>(reservations.keySet()).indexOf(reservationId);
        attempt(new ReleaseReservationCommand(lines.get(index).resourceId(), ReservationId.of(reservationId),
                new CustomerId(customerId), orderId(), reason));
        reservations.put(reservationId, Line.RELEASED);
    }

    private void grant(ResourceReservedEvent event) {
        if (event.unitPrice() == null) {
            grantedWithoutPrice = true;
            return;
        }
        Money line = new Money(event.unitPrice().minorUnits() * event.quantity(), event.unitPrice().currency());
        granted = granted == null ? line : granted.plus(line);
    }

    /** Ends a rejection or cancellation once nothing is pending any more: no reservation, no payment. */
    private void finishIfSettled() {
        if (reservations.containsValue(Line.PENDING) || reservations.containsValue(Line.RESERVED)) {
            return;
        }
        if (phase == Phase.REJECTING) {
            if (!attempt(new RejectOrderCommand(orderId(), rejection))) {
                return; // cancelled meanwhile: the cancellation event finishes this order
            }
            effects.email(orderId, REJECTED_EMAIL, email, "We could not take your order", "Order " + orderId
                    + " could not be reserved (" + rejection + "). Nothing was charged.");
            count("rejected");
            cancelDeadline();
            SagaLifecycle.end();
        } else if (phase == Phase.COMPENSATING && paymentSettled) {
            attempt(new CompleteOrderCancellationCommand(orderId()));
            effects.email(orderId, CANCELLED_EMAIL, email, "Your order is cancelled", "Order " + orderId
                    + " is cancelled (" + cancellation + ")." + (paymentCaptured ? " The payment is refunded." : ""));
            count("cancelled");
            SagaLifecycle.end();
        }
    }

    /** The saga waits for one thing at a time, so it holds at most one deadline. */
    private void schedule(Duration after, String name) {
        cancelDeadline();
        deadlineName = name;
        deadlineId = deadlineManager.schedule(after, name);
    }

    /**
     * Sends a command and tells whether it was accepted. A business refusal is an answer, not an error: a saga
     * handler that threw it would stop its processor and retry the same refusal for ever.
     */
    private boolean attempt(Object command) {
        try {
            commandGateway.sendAndWait(command);
            return true;
        } catch (CommandRefusedException refused) {
            log.info("Order {}: {} refused: {}", orderId, command.getClass().getSimpleName(), refused.getMessage());
            return false;
        }
    }

    private void cancelDeadline() {
        if (deadlineId != null) {
            deadlineManager.cancelSchedule(deadlineName, deadlineId);
            deadlineId = null;
            deadlineName = null;
        }
    }

    private dev.orderly.command.order.OrderId orderId() {
        return dev.orderly.command.order.OrderId.of(orderId);
    }

    /** Counts fulfilments on this node: {@code orderly_saga_fulfilments_total{event}}, one of {@link #COUNTED}. */
    private void count(String event) {
        metrics.counter(FULFILMENTS_METER, "event", event).increment();
    }

    /** An id that is the same every time this order asks for it, so that a repeated step is recognised. */
    private String derivedId(String purpose) {
        return UUID.nameUUIDFromBytes((orderId + "/" + purpose).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The id of line {@code index}'s reservation: the same for every delivery of the placing event, and known to no
     * one else, since a customer who could compute it could claim it first.
     */
    private String reservationId(int index) {
        return UUID.nameUUIDFromBytes((idSeed + "/reservation-" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
