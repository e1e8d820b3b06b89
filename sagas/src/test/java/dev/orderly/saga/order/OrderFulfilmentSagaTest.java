package dev.orderly.saga.order;

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
import dev.orderly.command.payment.PaymentCancelledEvent;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentDeclinedEvent;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.PaymentRefundedEvent;
import dev.orderly.command.payment.RefundId;
import dev.orderly.command.payment.RefundPaymentCommand;
import dev.orderly.command.payment.RequestPaymentCommand;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReleaseReservationCommand;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReserveResourceCommand;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourceReservedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class OrderFulfilmentSagaTest {

    private static final OrderId ORDER = OrderId.of("00000000-0000-0000-0000-0000000000e1");
    private static final String ORDER_ID = ORDER.toString();
    private static final CustomerId ALICE = new CustomerId("alice");
    private static final ResourceId LAMP = ResourceId.of("00000000-0000-0000-0000-0000000000c1");
    private static final ResourceId DESK = ResourceId.of("00000000-0000-0000-0000-0000000000c2");
    private static final ShippingAddress ADDRESS = new ShippingAddress("Alice", "1 Main St", "Springfield", "12345",
            "DE");
    private static final Money TOTAL = new Money(4000, "EUR");
    private static final List<OrderLine> LINES = List.of(new OrderLine(LAMP, 2, new Money(1000, "EUR")),
            new OrderLine(DESK, 1, new Money(2000, "EUR")));
    /** The placing event's identifier, made by the server: the reservation ids derive from it, not from the order id. */
    private static final String PLACED_EVENT_ID = "5b1d7a0e-placed-event";
    private static final ReservationId LAMP_RESERVATION = ReservationId.of(seeded("reservation-0"));
    private static final ReservationId DESK_RESERVATION = ReservationId.of(seeded("reservation-1"));
    private static final Duration RESERVATION_TIMEOUT = Duration.ofMinutes(2);
    private static final PaymentId PAYMENT = PaymentId.of(derived("payment"));
    private static final Duration PAYMENT_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration PICKING_TIMEOUT = Duration.ofHours(1);
    private static final Duration SHIPMENT_TIMEOUT = Duration.ofHours(48);

    private SagaTestFixture<OrderFulfilmentSaga> fixture;
    private RecordedEffects effects;

    @BeforeEach
    void newFixture() {
        fixture = new SagaTestFixture<>(OrderFulfilmentSaga.class);
        effects = new RecordedEffects();
        fixture.registerResource(effects);
        fixture.registerResource(new SimpleMeterRegistry());
        fixture.registerResource(properties(FulfilmentProperties.ShipmentTimeoutPolicy.ESCALATE));
    }

    private static FulfilmentProperties properties(FulfilmentProperties.ShipmentTimeoutPolicy policy) {
        return new FulfilmentProperties(RESERVATION_TIMEOUT, PAYMENT_TIMEOUT, PICKING_TIMEOUT, SHIPMENT_TIMEOUT, policy);
    }

    private static String derived(String purpose) {
        return UUID.nameUUIDFromBytes((ORDER + "/" + purpose).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String seeded(String purpose) {
        return UUID.nameUUIDFromBytes((PLACED_EVENT_ID + "/" + purpose).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static EventMessage<OrderPlacedEvent> placed() {
        return new GenericEventMessage<>(PLACED_EVENT_ID, new OrderPlacedEvent(ORDER, ALICE, "alice@example.com",
                LINES, TOTAL, ADDRESS, "tok_5f3a9c0e1b7d4a2c8e6f0b1d"), MetaData.emptyInstance(), Instant.now());
    }

    private static ResourceReservedEvent reserved(ResourceId resource, ReservationId reservation, int quantity) {
        return new ResourceReservedEvent(resource, reservation, ALICE, quantity, quantity, 10, ORDER,
                price(resource));
    }

    private static Money price(ResourceId resource) {
        return resource.equals(LAMP) ? new Money(1000, "EUR") : new Money(2000, "EUR");
    }

    private Object[] placedAndReserved() {
        return new Object[]{placed(), reserved(LAMP, LAMP_RESERVATION, 2), reserved(DESK, DESK_RESERVATION, 1)};
    }

    private Object[] paid() {
        List<Object> events = new ArrayList<>(List.of(placedAndReserved()));
        events.add(new PaymentCapturedEvent(PAYMENT, ORDER, "pay_1", TOTAL));
        return events.toArray();
    }

    @Test
    void reserves_every_line_of_a_new_order() {
        fixture.givenNoPriorActivity()
               .whenPublishingA(placed())
               .expectActiveSagas(1)
               .expectDispatchedCommands(
                       ReserveResourceCommand.forOrder(LAMP, LAMP_RESERVATION, ALICE, 2, ORDER, price(LAMP)),
                       ReserveResourceCommand.forOrder(DESK, DESK_RESERVATION, ALICE, 1, ORDER, price(DESK)))
               .expectScheduledDeadlineWithName(RESERVATION_TIMEOUT, OrderFulfilmentSaga.RESERVATION_DEADLINE);
    }

    @Test
    void derives_reservation_ids_that_the_order_id_alone_does_not_give_away() {
        assertThat(LAMP_RESERVATION.toString()).isNotEqualTo(derived("reservation-0"));
        assertThat(DESK_RESERVATION.toString()).isNotEqualTo(derived("reservation-1"));
    }

    @Test
    void an_order_whose_reservations_stay_undecided_is_rejected_at_the_deadline_and_gives_back_what_it_holds() {
        given(placed(), reserved(LAMP, LAMP_RESERVATION, 2))
               .whenTimeElapses(RESERVATION_TIMEOUT.plusSeconds(1))
               .expectDispatchedCommands(
                       new ReleaseReservationCommand(LAMP, LAMP_RESERVATION, ALICE, ORDER, "order rejected"),
                       new ReleaseReservationCommand(DESK, DESK_RESERVATION, ALICE, ORDER, "order rejected"),
                       new RejectOrderCommand(ORDER, "the reservations were not decided within "
                               + RESERVATION_TIMEOUT))
               .expectActiveSagas(0);
        assertThat(effects.decided).containsExactly(OrderFulfilmentSaga.REJECTED_EMAIL + " to alice@example.com");
    }

    @Test
    void a_reservation_decided_in_time_cancels_the_reservation_deadline() {
        given(placed(), reserved(LAMP, LAMP_RESERVATION, 2))
               .whenPublishingA(reserved(DESK, DESK_RESERVATION, 1))
               .expectNoScheduledDeadlineWithName(RESERVATION_TIMEOUT, OrderFulfilmentSaga.RESERVATION_DEADLINE)
               .expectScheduledDeadlineWithName(PAYMENT_TIMEOUT.plusMinutes(1), OrderFulfilmentSaga.PAYMENT_DEADLINE);
    }

    @Test
    void a_reservation_id_someone_else_holds_rejects_the_order_cleanly() {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof ReserveResourceCommand reserve && reserve.resourceId().equals(DESK)) {
                throw new CommandRefusedException("reservation-id-conflict",
                        "reservation " + DESK_RESERVATION + " was already requested with different details");
            }
            return null;
        });
        fixture.givenAPublished(placed())
               .whenPublishingA(reserved(LAMP, LAMP_RESERVATION, 2))
               .expectDispatchedCommands(
                       new ReleaseReservationCommand(LAMP, LAMP_RESERVATION, ALICE, ORDER, "order rejected"),
                       new RejectOrderCommand(ORDER, "resource " + DESK + ": reservation " + DESK_RESERVATION
                               + " was already requested with different details"))
               .expectActiveSagas(0);
    }

    @Test
    void charges_what_the_resources_granted_not_what_the_order_was_placed_with() {
        Money grantedLampPrice = new Money(900, "EUR");
        fixture.givenAPublished(placed())
               .andThenAPublished(new ResourceReservedEvent(LAMP, LAMP_RESERVATION, ALICE, 2, 2, 10, ORDER,
                       grantedLampPrice))
               .whenPublishingA(reserved(DESK, DESK_RESERVATION, 1))
               .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.listWithAnyOf(
                       org.axonframework.test.matchers.Matchers.messageWithPayload(
                               org.axonframework.test.matchers.Matchers.<Object>predicate(command ->
                                       command instanceof RequestPaymentCommand request
                                               && request.amount().equals(new Money(3800, "EUR"))))));
    }

    @Test
    void requests_the_payment_once_every_line_is_held_and_schedules_its_deadline() {
        fixture.givenAPublished(placed()).andThenAPublished(reserved(LAMP, LAMP_RESERVATION, 2))
               .whenPublishingA(reserved(DESK, DESK_RESERVATION, 1))
               .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.listWithAllOf(
                       org.axonframework.test.matchers.Matchers.messageWithPayload(
                               org.hamcrest.Matchers.equalTo(new MarkOrderReservedCommand(ORDER))),
                       org.axonframework.test.matchers.Matchers.messageWithPayload(
                               org.hamcrest.Matchers.instanceOf(RequestPaymentCommand.class))))
               .expectScheduledDeadlineWithName(PAYMENT_TIMEOUT.plusMinutes(1),
                       OrderFulfilmentSaga.PAYMENT_DEADLINE);
    }

    @Test
    void confirms_a_paid_order_e_mails_the_customer_and_sends_the_picklist() {
        fixture.givenAPublished(placed()).andThenAPublished(reserved(LAMP, LAMP_RESERVATION, 2))
               .andThenAPublished(reserved(DESK, DESK_RESERVATION, 1))
               .whenPublishingA(new PaymentCapturedEvent(PAYMENT, ORDER, "pay_1", TOTAL))
               .expectDispatchedCommands(new ConfirmOrderCommand(ORDER, PAYMENT))
               .expectScheduledDeadlineWithName(PICKING_TIMEOUT, OrderFulfilmentSaga.PICKING_DEADLINE);
        assertThat(effects.decided).containsExactly(OrderFulfilmentSaga.CONFIRMATION_EMAIL + " to alice@example.com",
                "picklist of 2 lines");
    }

    @Test
    void waits_for_the_shipment_once_picking_started_and_ends_after_the_shipped_e_mail() {
        given(paid()).andThenAPublished(new OrderPickingStartedEvent(ORDER, "pck_1"))
               .whenPublishingA(new OrderShippedEvent(ORDER, "shp_1", "SandboxPost", "SP1"))
               .expectActiveSagas(0)
               .expectNoScheduledDeadlines();
        assertThat(effects.decided).contains(OrderFulfilmentSaga.SHIPPED_EMAIL + " to alice@example.com");
    }

    @Test
    void a_duplicate_shipment_notice_after_the_end_does_nothing() {
        given(paid()).andThenAPublished(new OrderPickingStartedEvent(ORDER, "pck_1"))
               .andThenAPublished(new OrderShippedEvent(ORDER, "shp_1", "SandboxPost", "SP1"))
               .whenPublishingA(new OrderShippedEvent(ORDER, "shp_1", "SandboxPost", "SP1"))
               .expectNoDispatchedCommands()
               .expectActiveSagas(0);
        assertThat(effects.decided).filteredOn(effect -> effect.startsWith(OrderFulfilmentSaga.SHIPPED_EMAIL))
                .hasSize(1);
    }

    @Test
    void a_rejected_line_releases_the_lines_already_held_and_rejects_the_order() {
        fixture.givenAPublished(placed()).andThenAPublished(reserved(LAMP, LAMP_RESERVATION, 2))
               .whenPublishingA(new ReservationRejectedEvent(DESK, DESK_RESERVATION, ALICE, 1,
                       "insufficient capacity", ORDER))
               .expectDispatchedCommands(new ReleaseReservationCommand(LAMP, LAMP_RESERVATION, ALICE, ORDER, "order rejected"),
                       new RejectOrderCommand(ORDER, "resource " + DESK + ": insufficient capacity"))
               .expectActiveSagas(0);
        assertThat(effects.decided).containsExactly(OrderFulfilmentSaga.REJECTED_EMAIL + " to alice@example.com");
    }

    @Test
    void a_cancellation_that_overtakes_a_rejection_finishes_the_order_as_cancelled() {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof RejectOrderCommand) {
                throw new CommandRefusedException("invalid-order-state", "order is CANCEL_PENDING");
            }
            return null;
        });
        given(placed(), reserved(LAMP, LAMP_RESERVATION, 2),
              new ReservationRejectedEvent(DESK, DESK_RESERVATION, ALICE, 1, "insufficient capacity", ORDER))
               .whenPublishingA(new OrderCancellationRequestedEvent(ORDER, "changed my mind", "customer"))
               .expectDispatchedCommands(new CompleteOrderCancellationCommand(ORDER))
               .expectActiveSagas(0);
    }

    @Test
    void a_line_whose_resource_does_not_exist_rejects_the_order_once_the_other_lines_are_released() {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof ReserveResourceCommand reserve && reserve.resourceId().equals(DESK)) {
                throw new AggregateNotFoundException(DESK.toString(), "no such resource");
            }
            return null;
        });
        fixture.givenAPublished(placed())
               .whenPublishingA(reserved(LAMP, LAMP_RESERVATION, 2))
               .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.listWithAnyOf(
                       org.axonframework.test.matchers.Matchers.messageWithPayload(org.hamcrest.Matchers.equalTo(
                               new ReleaseReservationCommand(LAMP, LAMP_RESERVATION, ALICE, ORDER, "order rejected")))))
               .expectActiveSagas(0);
    }

    @Test
    void a_payment_that_cannot_be_requested_cancels_the_order_instead_of_blocking() {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof RequestPaymentCommand) {
                throw new CommandRefusedException("invalid-amount", "amount must be positive");
            }
            return null;
        });
        fixture.givenAPublished(placed()).andThenAPublished(reserved(LAMP, LAMP_RESERVATION, 2))
               .whenPublishingA(reserved(DESK, DESK_RESERVATION, 1))
               .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.listWithAnyOf(
                       org.axonframework.test.matchers.Matchers.messageWithPayload(org.hamcrest.Matchers.equalTo(
                               new CancelOrderCommand(ORDER, "the payment could not be requested",
                                       "order fulfilment")))));
    }

    @Test
    void a_payment_refused_as_another_s_is_no_longer_followed() {
        fixture.setCallbackBehavior((command, metaData) -> {
            if (command instanceof RequestPaymentCommand) {
                throw new CommandRefusedException("order-already-has-payment",
                        "order already has a payment requested through the payments API");
            }
            return null;
        });
        fixture.givenAPublished(placed()).andThenAPublished(reserved(LAMP, LAMP_RESERVATION, 2))
               .whenPublishingA(reserved(DESK, DESK_RESERVATION, 1))
               .expectNoAssociationWith("paymentId", PAYMENT.toString())
               .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.listWithAnyOf(
                       org.axonframework.test.matchers.Matchers.messageWithPayload(org.hamcrest.Matchers.equalTo(
                               new CancelOrderCommand(ORDER, "the payment could not be requested",
                                       "order fulfilment")))));
    }

    @Test
    void a_declined_payment_cancels_the_order() {
        given(placedAndReserved())
               .whenPublishingA(new PaymentDeclinedEvent(PAYMENT, ORDER, "pay_1", "card_declined"))
               .expectDispatchedCommands(new CancelOrderCommand(ORDER, "payment declined: card_declined",
                       "order fulfilment"))
               .expectNoScheduledDeadlines();
    }

    @Test
    void the_cancellation_of_an_unpaid_order_releases_the_reservations_and_tells_the_customer() {
        given(placedAndReserved()).andThenAPublished(new PaymentDeclinedEvent(PAYMENT, ORDER, "pay_1", "card_declined"))
               .whenPublishingA(new OrderCancellationRequestedEvent(ORDER, "payment declined: card_declined",
                       "order fulfilment"))
               .expectDispatchedCommands(
                       new ReleaseReservationCommand(LAMP, LAMP_RESERVATION, ALICE, ORDER, "order cancelled"),
                       new ReleaseReservationCommand(DESK, DESK_RESERVATION, ALICE, ORDER, "order cancelled"),
                       new CompleteOrderCancellationCommand(ORDER))
               .expectActiveSagas(0);
        assertThat(effects.decided).containsExactly("withdraw picklist",
                OrderFulfilmentSaga.CANCELLED_EMAIL + " to alice@example.com");
    }

    @Test
    void a_customer_cancel_before_payment_cancels_the_payment_and_completes_when_it_is_cancelled() {
        given(placedAndReserved())
               .whenPublishingA(new OrderCancellationRequestedEvent(ORDER, "changed my mind", "customer"))
               .expectDispatchedCommands(
                       new ReleaseReservationCommand(LAMP, LAMP_RESERVATION, ALICE, ORDER, "order cancelled"),
                       new ReleaseReservationCommand(DESK, DESK_RESERVATION, ALICE, ORDER, "order cancelled"),
                       new CancelPaymentCommand(PAYMENT, "order cancelled"))
               .expectActiveSagas(1);
        newFixture();
        given(placedAndReserved())
               .andThenAPublished(new OrderCancellationRequestedEvent(ORDER, "changed my mind", "customer"))
               .whenPublishingA(new PaymentCancelledEvent(PAYMENT, ORDER, "order cancelled"))
               .expectDispatchedCommands(new CompleteOrderCancellationCommand(ORDER))
               .expectActiveSagas(0);
    }

    @Test
    void a_customer_cancel_after_payment_refunds_and_releases() {
        given(paid())
               .whenPublishingA(new OrderCancellationRequestedEvent(ORDER, "changed my mind", "customer"))
               .expectDispatchedCommands(
                       new ReleaseReservationCommand(LAMP, LAMP_RESERVATION, ALICE, ORDER, "order cancelled"),
                       new ReleaseReservationCommand(DESK, DESK_RESERVATION, ALICE, ORDER, "order cancelled"),
                       new RefundPaymentCommand(PAYMENT, RefundId.of(derived("refund")), TOTAL,
                               "order cancelled: changed my mind"))
               .expectNoScheduledDeadlines();
        newFixture();
        given(paid()).andThenAPublished(new OrderCancellationRequestedEvent(ORDER, "changed my mind", "customer"))
               .whenPublishingA(new PaymentRefundedEvent(PAYMENT, ORDER, RefundId.of(derived("refund")), TOTAL,
                       "re_1"))
               .expectDispatchedCommands(new CompleteOrderCancellationCommand(ORDER))
               .expectActiveSagas(0);
    }

    @Test
    void the_payment_deadline_cancels_an_unpaid_payment() {
        given(placedAndReserved())
               .whenTimeElapses(PAYMENT_TIMEOUT.plusMinutes(2))
               .expectTriggeredDeadlinesWithName(OrderFulfilmentSaga.PAYMENT_DEADLINE)
               .expectDispatchedCommands(new CancelPaymentCommand(PAYMENT, "the order's payment deadline passed"));
    }

    @Test
    void the_picking_deadline_asks_a_person_when_the_warehouse_never_accepts_the_picklist() {
        given(paid())
               .whenTimeElapses(PICKING_TIMEOUT.plusMinutes(1))
               .expectDispatchedCommands(new FlagOrderForAttentionCommand(ORDER,
                       "the warehouse has not accepted the picklist within " + PICKING_TIMEOUT));
    }

    @Test
    void the_shipment_deadline_escalates_by_default() {
        given(paid()).andThenAPublished(new OrderPickingStartedEvent(ORDER, "pck_1"))
               .whenTimeElapses(SHIPMENT_TIMEOUT.plusMinutes(1))
               .expectDispatchedCommands(new FlagOrderForAttentionCommand(ORDER,
                       "the warehouse has not shipped within " + SHIPMENT_TIMEOUT));
    }

    @Test
    void the_shipment_deadline_refunds_and_cancels_when_configured_so() {
        fixture = new SagaTestFixture<>(OrderFulfilmentSaga.class);
        fixture.registerResource(effects);
        fixture.registerResource(new SimpleMeterRegistry());
        fixture.registerResource(properties(FulfilmentProperties.ShipmentTimeoutPolicy.REFUND_AND_CANCEL));
        given(paid()).andThenAPublished(new OrderPickingStartedEvent(ORDER, "pck_1"))
               .whenTimeElapses(SHIPMENT_TIMEOUT.plusMinutes(1))
               .expectDispatchedCommands(new CancelOrderCommand(ORDER,
                       "the warehouse has not shipped within " + SHIPMENT_TIMEOUT, "shipment deadline"));
    }

    private org.axonframework.test.saga.ContinuedGivenState given(Object... events) {
        org.axonframework.test.saga.ContinuedGivenState state = fixture.givenCurrentTime(
                Instant.parse("2026-01-01T10:00:00Z")).andThenAPublished(events[0]);
        for (int i = 1; i < events.length; i++) {
            state = state.andThenAPublished(events[i]);
        }
        return state;
    }

    /** Records the effects the saga decides; the ledger behind them is tested against PostgreSQL elsewhere. */
    static final class RecordedEffects implements Effects {

        final List<String> decided = new ArrayList<>();

        @Override
        public void email(String orderId, String kind, String to, String subject, String text) {
            decided.add(kind + " to " + to);
        }

        @Override
        public void emailEach(String subjectId, String kind, List<String> recipients, String subject, String text) {
            recipients.forEach(to -> decided.add(kind + " to " + to));
        }

        @Override
        public void withdraw(String subjectId, String kind) {
            decided.add("withdraw " + kind);
        }

        @Override
        public void picklist(String orderId, List<OrderLine> lines, ShippingAddress shipTo) {
            decided.add("picklist of " + lines.size() + " lines");
        }
    }
}
