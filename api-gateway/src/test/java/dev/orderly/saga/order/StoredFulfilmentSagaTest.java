package dev.orderly.saga.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.axon.OrderlySerialization;
import dev.orderly.command.Money;
import dev.orderly.command.order.CompleteOrderCancellationCommand;
import dev.orderly.command.order.ConfirmOrderCommand;
import dev.orderly.command.order.OrderCancellationRequestedEvent;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.OrderLine;
import dev.orderly.command.order.RejectOrderCommand;
import dev.orderly.command.order.ShippingAddress;
import dev.orderly.command.payment.CancelPaymentCommand;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.PaymentRefundedEvent;
import dev.orderly.command.payment.RefundId;
import dev.orderly.command.payment.RefundPaymentCommand;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReleaseReservationCommand;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourceReservedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValues;
import org.axonframework.modelling.saga.SimpleResourceInjector;
import org.axonframework.modelling.saga.repository.AnnotatedSagaRepository;
import org.axonframework.modelling.saga.repository.inmemory.InMemorySagaStore;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.test.deadline.StubDeadlineManager;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fulfilment saga stored by the code before {@link FulfilmentState} (its reservations apart from its lines, its
 * payment as two flags) is an order in flight across the upgrade: it must load, and go on where it stopped. The
 * samples under {@code golden/sagas/} were written by that code, driven by the same events as
 * {@code OrderFulfilmentSagaTest}. Between events every saga is stored as JSON through the store's serializer.
 */
class StoredFulfilmentSagaTest {

    private static final Serializer SERIALIZER = OrderlySerialization.jackson();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OrderId ORDER = OrderId.of("00000000-0000-0000-0000-0000000000e1");
    private static final CustomerId ALICE = new CustomerId("alice");
    private static final ResourceId LAMP = ResourceId.of("00000000-0000-0000-0000-0000000000c1");
    private static final ResourceId DESK = ResourceId.of("00000000-0000-0000-0000-0000000000c2");
    private static final ReservationId LAMP_RESERVATION = ReservationId.of(seeded("reservation-0"));
    private static final ReservationId DESK_RESERVATION = ReservationId.of(seeded("reservation-1"));
    private static final PaymentId PAYMENT = PaymentId.forOrder(ORDER);
    private static final RefundId REFUND = RefundId.of(UUID.nameUUIDFromBytes((ORDER + "/refund")
            .getBytes(StandardCharsets.UTF_8)).toString());
    /** What the resources granted: the lamp at 900 instead of the 1000 it was placed at. */
    private static final Money GRANTED = new Money(3800, "EUR");

    private final SerializingSagaStore store = new SerializingSagaStore();
    private final RecordingCommandBus commands = new RecordingCommandBus();
    private final StubDeadlineManager deadlines = new StubDeadlineManager(Instant.parse("2026-01-01T10:05:00Z"));
    private final List<String> effects = new ArrayList<>();
    private final AnnotatedSagaManager<OrderFulfilmentSaga> manager = manager();

    @Test
    void a_saga_stored_while_paying_confirms_the_capture_and_sends_the_picklist_of_its_own_lines() throws Exception {
        stored("paying");

        publish(new PaymentCapturedEvent(PAYMENT, ORDER, "pay_1", GRANTED));

        assertThat(dispatched()).containsExactly(new ConfirmOrderCommand(ORDER, PAYMENT));
        assertThat(effects).containsExactly(OrderFulfilmentSaga.CONFIRMATION_EMAIL + " to alice@example.com",
                "picklist " + List.of(new OrderLine(LAMP, 2, new Money(1000, "EUR")),
                        new OrderLine(DESK, 1, new Money(2000, "EUR"))));
        assertThat(deadlines.getScheduledDeadlines()).extracting(deadline -> deadline.getDeadlineName())
                .containsExactly(OrderFulfilmentSaga.PICKING_DEADLINE);
    }

    @Test
    void a_saga_stored_while_paying_cancels_the_open_payment_and_releases_each_line_by_its_reservation()
            throws Exception {
        stored("paying");

        publish(new OrderCancellationRequestedEvent(ORDER, "changed my mind", "customer"));

        assertThat(dispatched()).containsExactly(
                new ReleaseReservationCommand(LAMP, LAMP_RESERVATION, ALICE, ORDER, "order cancelled"),
                new ReleaseReservationCommand(DESK, DESK_RESERVATION, ALICE, ORDER, "order cancelled"),
                new CancelPaymentCommand(PAYMENT, "order cancelled"));
        assertThat(store.size()).as("waits for the payment to be cancelled").isEqualTo(1);
    }

    @Test
    void a_saga_stored_after_the_capture_refunds_what_was_charged_when_the_order_is_cancelled() throws Exception {
        stored("fulfilling");

        publish(new OrderCancellationRequestedEvent(ORDER, "changed my mind", "customer"));
        publish(new PaymentRefundedEvent(PAYMENT, ORDER, REFUND, GRANTED, "re_1"));

        assertThat(dispatched()).containsExactly(
                new ReleaseReservationCommand(LAMP, LAMP_RESERVATION, ALICE, ORDER, "order cancelled"),
                new ReleaseReservationCommand(DESK, DESK_RESERVATION, ALICE, ORDER, "order cancelled"),
                new RefundPaymentCommand(PAYMENT, REFUND, GRANTED, "order cancelled: changed my mind"),
                new CompleteOrderCancellationCommand(ORDER));
        assertThat(effects).containsExactly("withdraw picklist",
                OrderFulfilmentSaga.CANCELLED_EMAIL + " to alice@example.com");
        assertThat(store.size()).as("ended").isZero();
    }

    @Test
    void a_saga_stored_while_rejecting_releases_a_late_grant_on_the_resource_that_granted_it() throws Exception {
        stored("rejecting");

        publish(new ResourceReservedEvent(LAMP, LAMP_RESERVATION, ALICE, 2, 2, 10, ORDER, new Money(900, "EUR")));

        assertThat(dispatched()).containsExactly(
                new ReleaseReservationCommand(LAMP, LAMP_RESERVATION, ALICE, ORDER, "order rejected"),
                new RejectOrderCommand(ORDER, "resource " + DESK + ": insufficient capacity"));
        assertThat(effects).containsExactly(OrderFulfilmentSaga.REJECTED_EMAIL + " to alice@example.com");
        assertThat(store.size()).as("ended").isZero();
    }

    @Test
    void a_saga_stored_in_the_old_shape_is_written_back_with_each_line_holding_its_reservation() throws Exception {
        JsonNode today = JSON.readTree(SERIALIZER.serialize(load(golden("fulfilling")), String.class).getData());

        assertThat(today.has("commandGateway")).as("infrastructure stays out of the stored state").isFalse();
        assertThat(today.path("phase").asText()).isEqualTo("FULFILLING");
        assertThat(today.path("payment").asText()).isEqualTo("CAPTURED");
        assertThat(today.path("lines")).extracting(line -> line.path("resourceId").asText() + " "
                + line.path("reservationId").asText() + " " + line.path("state").asText())
                .containsExactly(LAMP + " " + LAMP_RESERVATION + " RESERVED", DESK + " " + DESK_RESERVATION
                        + " RESERVED");
        JsonNode again = JSON.readTree(SERIALIZER.serialize(load(today.toString()), String.class).getData());
        assertThat(again).as("today's shape reads back as it was written").isEqualTo(today);
    }

    /** During a rolling upgrade the next event of an order may reach a node that still runs the older code. */
    @Test
    void what_is_stored_now_still_holds_every_field_as_the_older_code_wrote_it() throws Exception {
        for (String sample : List.of("paying", "fulfilling", "rejecting")) {
            JsonNode before = JSON.readTree(golden(sample));
            JsonNode today = JSON.readTree(SERIALIZER.serialize(load(golden(sample)), String.class).getData());

            before.fieldNames().forEachRemaining(field -> {
                if (field.equals("lines")) {
                    for (int i = 0; i < before.path("lines").size(); i++) {
                        int index = i;
                        JsonNode line = before.path("lines").get(index);
                        JsonNode written = today.path("lines").get(index);
                        line.fieldNames().forEachRemaining(name -> assertThat(written.get(name))
                                .as("%s: lines[%d].%s", sample, index, name).isEqualTo(line.get(name)));
                    }
                } else {
                    assertThat(today.get(field)).as("%s: %s", sample, field).isEqualTo(before.get(field));
                }
            });
        }
    }

    @Test
    void a_saga_stored_when_its_token_was_called_card_still_pays_with_it() throws Exception {
        String before = golden("paying").replace("\"paymentToken\"", "\"card\"");

        OrderFulfilmentSaga restored = load(before);

        assertThat(before).contains("\"card\":\"tok_");
        assertThat(JSON.readTree(SERIALIZER.serialize(restored, String.class).getData()).path("paymentToken")
                .asText()).isEqualTo("tok_5f3a9c0e1b7d4a2c8e6f0b1d");
    }

    private void stored(String sample) throws IOException {
        store.insertSaga(OrderFulfilmentSaga.class, "saga-1", load(golden(sample)), Set.of(
                new AssociationValue("orderId", ORDER.toString()),
                new AssociationValue("reservationId", LAMP_RESERVATION.toString()),
                new AssociationValue("reservationId", DESK_RESERVATION.toString()),
                new AssociationValue("paymentId", PAYMENT.toString())));
    }

    private void publish(Object event) {
        GenericEventMessage<Object> message = new GenericEventMessage<>(event);
        DefaultUnitOfWork.startAndGet(message).execute(() -> {
            try {
                manager.handle(message, Segment.ROOT_SEGMENT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private List<Object> dispatched() {
        return commands.getDispatchedCommands().stream().<Object>map(CommandMessage::getPayload).toList();
    }

    private static OrderFulfilmentSaga load(String json) {
        return SERIALIZER.deserialize(new SimpleSerializedObject<>(json, String.class,
                OrderFulfilmentSaga.class.getName(), null));
    }

    private static String golden(String sample) throws IOException {
        String path = "/golden/sagas/OrderFulfilmentSaga.v1." + sample + ".json";
        try (InputStream in = StoredFulfilmentSagaTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String seeded(String purpose) {
        return UUID.nameUUIDFromBytes(("5b1d7a0e-placed-event/" + purpose).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private AnnotatedSagaManager<OrderFulfilmentSaga> manager() {
        Effects recorded = new Effects() {
            @Override
            public void email(String orderId, String kind, String to, String subject, String text) {
                effects.add(kind + " to " + to);
            }

            @Override
            public void emailEach(String subjectId, String kind, List<String> recipients, String subject,
                                  String text) {
                recipients.forEach(to -> effects.add(kind + " to " + to));
            }

            @Override
            public void picklist(String orderId, List<OrderLine> lines, ShippingAddress shipTo) {
                effects.add("picklist " + lines);
            }

            @Override
            public void withdraw(String subjectId, String kind) {
                effects.add("withdraw " + kind);
            }
        };
        SimpleResourceInjector resources = new SimpleResourceInjector(
                DefaultCommandGateway.builder().commandBus(commands).build(), deadlines, recorded,
                new SimpleMeterRegistry(), new FulfilmentProperties(Duration.ofMinutes(2), Duration.ofMinutes(15),
                Duration.ofHours(1), Duration.ofHours(48), FulfilmentProperties.ShipmentTimeoutPolicy.ESCALATE));
        AnnotatedSagaRepository<OrderFulfilmentSaga> repository = AnnotatedSagaRepository.<OrderFulfilmentSaga>builder()
                .sagaType(OrderFulfilmentSaga.class).sagaStore(store).resourceInjector(resources).build();
        return AnnotatedSagaManager.<OrderFulfilmentSaga>builder().sagaType(OrderFulfilmentSaga.class)
                .sagaRepository(repository).build();
    }

    /** Axon's in-memory store, keeping each saga as the JSON the JDBC store would hold, as a saga store does. */
    private static final class SerializingSagaStore extends InMemorySagaStore {

        @Override
        public void insertSaga(Class<?> type, String id, Object saga, Set<AssociationValue> associations) {
            super.insertSaga(type, id, roundTrip(saga), associations);
        }

        @Override
        public void updateSaga(Class<?> type, String id, Object saga, AssociationValues associations) {
            super.updateSaga(type, id, roundTrip(saga), associations);
        }

        private static Object roundTrip(Object saga) {
            SerializedObject<String> stored = SERIALIZER.serialize(saga, String.class);
            return SERIALIZER.deserialize(stored);
        }
    }
}
