package dev.orderly.saga.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.order.OrderCancellationRequestedEvent;
import dev.orderly.command.order.OrderPickingStartedEvent;
import dev.orderly.command.order.OrderPlacedEvent;
import dev.orderly.command.order.OrderShippedEvent;
import dev.orderly.command.payment.ManualResolution;
import dev.orderly.command.payment.PaymentCancelledEvent;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentDeclinedEvent;
import dev.orderly.command.payment.PaymentRefundedEvent;
import dev.orderly.command.payment.PaymentResolvedManuallyEvent;
import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.saga.order.FulfilmentState.Deadline;
import dev.orderly.saga.order.FulfilmentState.Line;
import dev.orderly.saga.order.FulfilmentState.Phase;
import dev.orderly.saga.order.FulfilmentState.Reservation;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Fulfils an order step by step, and undoes the steps taken when it cannot go on. Read top to bottom:
 * <pre>
 * step        phase         on                       does                                         undone by
 * 1 reserve   RESERVING     OrderPlaced              reserve every line                           release it
 * 2 pay       PAYING        every line held          mark reserved, request the payment           cancel it, or refund
 * 3 confirm   FULFILLING    payment captured         confirm, e-mail, send the picklist           withdraw the picklist
 * 4 ship      SHIPPING      picking started          wait for the shipment notice                 (a person decides)
 * end                       shipped                  e-mail the customer
 * reject      REJECTING     a line refused, or late  release what is held, reject, e-mail
 * cancel      COMPENSATING  cancellation requested   undo 3, 1, 2; once settled complete, e-mail
 * </pre>
 * Its state and the transition table are {@link FulfilmentState}; what it tells the customer is
 * {@link CustomerMessages}. Each step waits for at most one deadline, persistent (db-scheduler), so it survives
 * restarts, and cancelled once it no longer applies. Ids of what it creates are derived (from the order id, or from
 * the placing event's server-made id), so a step that is repeated finds its earlier result instead of making another.
 * <p>
 * Longer than the project's 300 lines on purpose: Axon needs every event and deadline handler of a saga on its own
 * class, and they stay here in step order, so that the class reads as the table above.
 */
@Saga
@ProcessingGroup(OrderFulfilmentSaga.PROCESSING_GROUP)
public class OrderFulfilmentSaga {

    /**
     * Its event processor, named here rather than left to Axon's default (the class's simple name and
     * {@code Processor}, which it equals), so that renaming the class does not rename the processor and orphan its
     * tokens and its settings in {@code application.yml}.
     */
    public static final String PROCESSING_GROUP = "OrderFulfilmentSagaProcessor";

    static final String RESERVATION_DEADLINE = "order-reservation-deadline";
    static final String PAYMENT_DEADLINE = "order-payment-deadline";
    static final String PICKING_DEADLINE = "order-picking-deadline";
    static final String SHIPMENT_DEADLINE = "order-shipment-deadline";

    /** The ledger kinds of its e-mails, whose texts are in {@link CustomerMessages}. */
    static final String CONFIRMATION_EMAIL = CustomerMessages.CONFIRMED;
    static final String SHIPPED_EMAIL = CustomerMessages.SHIPPED;
    static final String CANCELLED_EMAIL = CustomerMessages.CANCELLED;
    static final String REJECTED_EMAIL = CustomerMessages.REJECTED;

    static final String FULFILMENTS_METER = "orderly.saga.fulfilments";
    /** What {@link #end} counts; {@link FulfilmentConfiguration} exports each at 0 from the start. */
    static final List<String> COUNTED = List.of("started", "shipped", "rejected", "cancelled");

    private static final String REJECTION = "order rejected";
    private static final String CANCELLATION = "order cancelled";
    private static final Logger log = LoggerFactory.getLogger(OrderFulfilmentSaga.class);

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

    /** All the saga knows, and all that is stored of it: the rest is infrastructure, injected on every load. */
    @JsonValue
    private FulfilmentState state;

    public OrderFulfilmentSaga() {
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    private OrderFulfilmentSaga(FulfilmentState stored) {
        this.state = stored;
    }

    // --- step 1: reserve every line; undone by releasing it -------------------------------------------------

    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPlacedEvent event, EventMessage<?> message) {
        state = FulfilmentState.placed(event, message.getIdentifier());
        log.info("Order {} of customer {} placed: fulfilment starts", state.orderId(), state.customerId());
        count("started");
        state.lines().forEach(line -> SagaLifecycle.associateWith("reservationId", line.reservationId()));
        for (Line line : state.lines()) {
            try {
                commands().reserve(line);
            } catch (CommandRefusedException | AggregateNotFoundException | IncompatibleAggregateException e) {
                // Not a resource, a line the resource refuses outright, or an id someone else holds: the order
                // cannot be reserved.
                state.refused(line.reservationId());
                state.reject("resource " + line.resourceId() + ": " + e.getMessage());
            }
        }
        if (state.is(Phase.REJECTING)) {
            finishIfSettled();
        } else {
            schedule(properties.reservationTimeout(), RESERVATION_DEADLINE);
        }
    }

    @SagaEventHandler(associationProperty = "reservationId")
    void on(ResourceReservedEvent event, @Timestamp Instant at) {
        String reservationId = event.reservationId().toString();
        if (!state.reserved(reservationId, event.quantity(), event.unitPrice())) {
            return;
        }
        if (state.undoing()) {
            release(state.line(reservationId), state.is(Phase.REJECTING) ? REJECTION : CANCELLATION);
            finishIfSettled();
        } else if (state.allDecided() && state.may(Phase.PAYING)) {
            if (commands().markReserved()) {
                requestPayment(at);
            }
            // refused: the customer cancelled meanwhile, and that event starts the compensation
        }
    }

    @SagaEventHandler(associationProperty = "reservationId")
    void on(ReservationRejectedEvent event) {
        if (!state.refused(event.reservationId().toString())) {
            return;
        }
        if (state.reject("resource " + event.resourceId() + ": " + event.reason())) {
            release(state.lines(Reservation.RESERVED), REJECTION);
        }
        finishIfSettled();
    }

    /**
     * Reservations are decided in milliseconds; one still undecided after this long never will be. The order is
     * rejected, and what it holds is given back.
     */
    @DeadlineHandler(deadlineName = RESERVATION_DEADLINE)
    void reservationTimedOut() {
        state.stopAwaiting();
        if (!state.reject("the reservations were not decided within " + properties.reservationTimeout())) {
            return;
        }
        releaseHeldThenUndecided(REJECTION);
        finishIfSettled();
    }

    // --- step 2: take the payment; undone by cancelling it, or refunding it once captured --------------------

    private void requestPayment(Instant placedAt) {
        String paymentId = state.pay().toString();
        SagaLifecycle.associateWith("paymentId", paymentId);
        if (!commands().requestPayment(placedAt.plus(properties.paymentTimeout()))) {
            // Refused: the payment under that id, if any, is not this order's, and none of its events concern us.
            SagaLifecycle.removeAssociationWith("paymentId", paymentId);
            state.recordSettlement();
            commands().cancelOrder("the payment could not be requested", "order fulfilment");
            return;
        }
        // A little later than the payment's own deadline, which cancels it; this one is the saga's safety net.
        schedule(properties.paymentTimeout().plusMinutes(1), PAYMENT_DEADLINE);
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
        state.recordSettlement();
        finishIfSettled();
    }

    @DeadlineHandler(deadlineName = PAYMENT_DEADLINE)
    void paymentTimedOut() {
        state.stopAwaiting();
        if (state.is(Phase.PAYING)) {
            // refused when captured meanwhile: the capture is on its way to this saga
            commands().cancelPayment("the order's payment deadline passed");
        }
    }

    private void paymentEnded(String reason) {
        state.recordSettlement();
        if (state.is(Phase.PAYING)) {
            cancelDeadline();
            commands().cancelOrder(reason, "order fulfilment");
        } else {
            finishIfSettled();
        }
    }

    // --- step 3: confirm, e-mail the customer, send the picklist; undone by withdrawing the picklist ---------

    private void paymentCaptured() {
        state.recordCapture();
        if (state.is(Phase.COMPENSATING)) {
            refund();
            return;
        }
        if (!state.may(Phase.FULFILLING)) {
            return;
        }
        cancelDeadline();
        if (!commands().confirm()) {
            return; // the customer's cancellation arrives as an event and refunds this capture
        }
        state.advance(Phase.FULFILLING);
        tell(CustomerMessages.confirmed(state.orderId(), state.total()));
        effects.picklist(state.orderId(), state.ordered(), state.shipTo());
        schedule(properties.pickingTimeout(), PICKING_DEADLINE);
    }

    @DeadlineHandler(deadlineName = PICKING_DEADLINE)
    void pickingTimedOut() {
        state.stopAwaiting();
        if (state.is(Phase.FULFILLING)) {
            commands().flagForAttention("the warehouse has not accepted the picklist within "
                    + properties.pickingTimeout());
        }
    }

    // --- step 4: wait for the shipment, then end --------------------------------------------------------------

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPickingStartedEvent event) {
        if (!state.advance(Phase.SHIPPING)) {
            return;
        }
        cancelDeadline();
        schedule(properties.shipmentTimeout(), SHIPMENT_DEADLINE);
    }

    @DeadlineHandler(deadlineName = SHIPMENT_DEADLINE)
    void shipmentTimedOut() {
        state.stopAwaiting();
        if (!state.is(Phase.SHIPPING)) {
            return;
        }
        String reason = "the warehouse has not shipped within " + properties.shipmentTimeout();
        if (properties.onShipmentTimeout() == FulfilmentProperties.ShipmentTimeoutPolicy.REFUND_AND_CANCEL) {
            commands().cancelOrder(reason, "shipment deadline");
        } else {
            commands().flagForAttention(reason);
        }
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderShippedEvent event) {
        log.info("Order {} shipped with {}: fulfilment done", state.orderId(), event.carrier());
        end("shipped", CustomerMessages.shipped(state.orderId(), event.carrier(), event.trackingNumber()));
    }

    // --- cancellation: undo the steps taken -------------------------------------------------------------------

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderCancellationRequestedEvent event) {
        if (!state.cancel(event.reason())) {
            return;
        }
        cancelDeadline();
        effects.withdraw(state.orderId(), "picklist");
        releaseHeldThenUndecided(CANCELLATION);
        if (!state.paymentRequested()) {
            state.recordSettlement();
        } else if (state.payment().charged()) {
            refund();
        } else if (!state.payment().settled() && !commands().cancelPayment(CANCELLATION)) {
            refund();
        }
        finishIfSettled();
    }

    private void refund() {
        if (state.payment().settled()) {
            return;
        }
        if (!commands().refund()) {
            commands().flagForAttention("the payment of a cancelled order could not be refunded automatically; "
                    + "refund it by hand");
        }
    }

    /**
     * Gives back the lines held, then those whose decision has not reached the saga yet. Their commands were
     * answered, so the resource has decided them: a granted one is released, a rejected one is left as it is, and
     * whatever event arrives later for them changes nothing.
     */
    private void releaseHeldThenUndecided(String reason) {
        release(state.lines(Reservation.RESERVED), reason);
        release(state.lines(Reservation.PENDING), reason);
    }

    private void release(List<Line> lines, String reason) {
        lines.forEach(line -> release(line, reason));
    }

    private void release(Line line, String reason) {
        commands().release(line, reason);
        state.released(line.reservationId());
    }

    // --- the end ------------------------------------------------------------------------------------------------

    /** Ends a rejection or cancellation once nothing is pending any more: no reservation, no payment. */
    private void finishIfSettled() {
        if (state.holdsAnything()) {
            return;
        }
        if (state.is(Phase.REJECTING)) {
            if (!commands().reject()) {
                return; // cancelled meanwhile: the cancellation event finishes this order
            }
            end("rejected", CustomerMessages.rejected(state.orderId(), state.rejection()));
        } else if (state.is(Phase.COMPENSATING) && state.payment().settled()) {
            commands().completeCancellation();
            end("cancelled", CustomerMessages.cancelled(state.orderId(), state.cancellation(),
                    state.payment().charged()));
        }
    }

    /** The one way out: the customer is told, the outcome counted, and no deadline outlives the saga. */
    private void end(String outcome, CustomerMessages.Message told) {
        cancelDeadline();
        tell(told);
        count(outcome);
        SagaLifecycle.end();
    }

    // --- infrastructure ---------------------------------------------------------------------------------------

    private void tell(CustomerMessages.Message message) {
        effects.email(state.orderId(), message.kind(), state.email(), message.subject(), message.text());
    }

    /** The saga waits for one thing at a time, so it holds at most one deadline. */
    private void schedule(Duration after, String name) {
        cancelDeadline();
        state.awaiting(new Deadline(name, deadlineManager.schedule(after, name)));
    }

    private void cancelDeadline() {
        state.stopAwaiting().ifPresent(deadline -> deadlineManager.cancelSchedule(deadline.name(), deadline.id()));
    }

    private FulfilmentCommands commands() {
        return new FulfilmentCommands(commandGateway, state);
    }

    /** Counts fulfilments on this node: {@code orderly_saga_fulfilments_total{event}}, one of {@link #COUNTED}. */
    private void count(String event) {
        metrics.counter(FULFILMENTS_METER, "event", event).increment();
    }
}
