package dev.orderly.saga.order;

import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.OrderPlacedEvent;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourceReservedEvent;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.AbstractSagaManager;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.modelling.saga.repository.AnnotatedSagaRepository;
import org.axonframework.modelling.saga.repository.inmemory.InMemorySagaStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The saga processor's segments each look an event up only when it is theirs, and an order's saga still sees every
 * one of its events, in order, whichever aggregate (order, resource, payment) sent them.
 */
class OrderRoutedSagaManagerTest {

    private static final int ORDERS = 40;

    private final CountingSagaStore store = new CountingSagaStore();

    @Test
    void each_saga_event_is_looked_up_in_one_segment_instead_of_in_each_of_four() {
        List<Segment> segments = segments(4);
        AbstractSagaManager<TrackingSaga> routed = routed(repository());
        List<EventMessage<?>> events = events();

        int handled = deliver(events, routed, segments);

        assertThat(handled).as("segments that handled an event").isEqualTo(events.size());
        assertThat(store.lookups.get()).as("association lookups").isEqualTo(events.size());
        assertEverySagaSawItsEventsInOrder();
    }

    @Test
    void axons_own_manager_looks_every_saga_event_up_in_every_segment() {
        List<Segment> segments = segments(4);
        AnnotatedSagaRepository<TrackingSaga> repository = repository();
        AbstractSagaManager<TrackingSaga> axons = AnnotatedSagaManager.<TrackingSaga>builder()
                .sagaType(TrackingSaga.class).sagaRepository(repository).build();
        List<EventMessage<?>> events = events();

        deliver(events, axons, segments);

        assertThat(store.lookups.get()).isEqualTo(4 * events.size());
        assertEverySagaSawItsEventsInOrder();
    }

    @Test
    void an_orders_events_still_meet_its_saga_after_the_segments_are_split() {
        AbstractSagaManager<TrackingSaga> routed = routed(repository());
        List<EventMessage<?>> events = events();
        List<EventMessage<?>> placed = events.stream().filter(e -> e.getPayload() instanceof OrderPlacedEvent).toList();
        List<EventMessage<?>> rest = events.stream().filter(e -> !(e.getPayload() instanceof OrderPlacedEvent)).toList();

        deliver(placed, routed, segments(2));
        deliver(rest, routed, segments(8));

        assertEverySagaSawItsEventsInOrder();
    }

    @Test
    void every_event_the_fulfilment_saga_handles_names_its_order() {
        List<Class<?>> handled = Arrays.stream(OrderFulfilmentSaga.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(SagaEventHandler.class))
                .<Class<?>>map(method -> method.getParameterTypes()[0])
                .toList();

        assertThat(handled).isNotEmpty().allSatisfy(type ->
                assertThat(OrderRoutedSagaManager.namesItsOrder(type)).as(type.getSimpleName()).isTrue());
    }

    @Test
    void a_reservation_made_without_an_order_is_looked_up_once_by_its_own_association() {
        List<Segment> segments = segments(4);
        AbstractSagaManager<TrackingSaga> routed = routed(repository());
        EventMessage<?> apiReservation = GenericEventMessage.asEventMessage(new ResourceReservedEvent(
                ResourceId.of(UUID.randomUUID().toString()), ReservationId.of(UUID.randomUUID().toString()),
                new CustomerId("bob"), 1, 1, 10, null, null));

        int handled = deliver(List.of(apiReservation), routed, segments);

        assertThat(handled).isEqualTo(1);
        assertThat(store.lookups.get()).isEqualTo(1);
    }

    private void assertEverySagaSawItsEventsInOrder() {
        assertThat(store.sagas()).hasSize(ORDERS).allSatisfy(saga ->
                assertThat(saga.seen).containsExactly("placed", "reserved", "captured"));
    }

    /** Offers each event to every segment, as the processor's threads do, and counts the segments that took it. */
    private static int deliver(List<EventMessage<?>> events, AbstractSagaManager<TrackingSaga> manager,
                               List<Segment> segments) {
        int handled = 0;
        for (EventMessage<?> event : events) {
            for (Segment segment : segments) {
                if (manager.canHandle(event, segment)) {
                    handled++;
                    DefaultUnitOfWork.startAndGet(event).execute(() -> {
                        try {
                            manager.handle(event, segment);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            }
        }
        return handled;
    }

    /** The events of {@link #ORDERS} orders, interleaved as a busy stream interleaves them. */
    private static List<EventMessage<?>> events() {
        List<OrderId> orders = IntStream.range(0, ORDERS).mapToObj(i -> OrderId.random()).toList();
        List<EventMessage<?>> events = new ArrayList<>();
        for (Function<OrderId, Object> step : List.<Function<OrderId, Object>>of(
                order -> new OrderPlacedEvent(order, new CustomerId("alice"), "alice@example.com", List.of(),
                        new Money(1000, "EUR"), null, "tok"),
                order -> new ResourceReservedEvent(ResourceId.of(UUID.randomUUID().toString()),
                        TrackingSaga.reservationOf(order), new CustomerId("alice"), 1, 1, 10, order, null),
                order -> new PaymentCapturedEvent(PaymentId.forOrder(order), order, "provider-1",
                        new Money(1000, "EUR")))) {
            orders.forEach(order -> events.add(GenericEventMessage.asEventMessage(step.apply(order))));
        }
        return events;
    }

    private static List<Segment> segments(int count) {
        int[] ids = IntStream.range(0, count).toArray();
        return Arrays.asList(Segment.computeSegments(ids));
    }

    private AnnotatedSagaRepository<TrackingSaga> repository() {
        return AnnotatedSagaRepository.<TrackingSaga>builder().sagaType(TrackingSaga.class).sagaStore(store).build();
    }

    private static AbstractSagaManager<TrackingSaga> routed(AnnotatedSagaRepository<TrackingSaga> repository) {
        return new OrderRoutedSagaManager<>(AnnotatedSagaManager.<TrackingSaga>builder()
                .sagaType(TrackingSaga.class).sagaRepository(repository));
    }

    /** A saga that, like the fulfilment saga, meets its order's reservation and payment by their own ids. */
    public static class TrackingSaga {

        final List<String> seen = new ArrayList<>();

        static ReservationId reservationOf(OrderId order) {
            return ReservationId.of(UUID.nameUUIDFromBytes((order + "/reservation").getBytes()).toString());
        }

        @StartSaga
        @SagaEventHandler(associationProperty = "orderId")
        public void on(OrderPlacedEvent event) {
            seen.add("placed");
            SagaLifecycle.associateWith("reservationId", reservationOf(event.orderId()).toString());
            SagaLifecycle.associateWith("paymentId", PaymentId.forOrder(event.orderId()).toString());
        }

        @SagaEventHandler(associationProperty = "reservationId")
        public void on(ResourceReservedEvent event) {
            seen.add("reserved");
        }

        @SagaEventHandler(associationProperty = "paymentId")
        public void on(PaymentCapturedEvent event) {
            seen.add("captured");
        }
    }

    /** Axon's in-memory store, counting the association lookups the managers make. */
    private static final class CountingSagaStore extends InMemorySagaStore {

        final AtomicInteger lookups = new AtomicInteger();
        private final List<String> identifiers = new ArrayList<>();

        @Override
        public Set<String> findSagas(Class<?> sagaType, AssociationValue associationValue) {
            lookups.incrementAndGet();
            return super.findSagas(sagaType, associationValue);
        }

        @Override
        public void insertSaga(Class<?> sagaType, String sagaIdentifier, Object saga,
                               Set<AssociationValue> associationValues) {
            identifiers.add(sagaIdentifier);
            super.insertSaga(sagaType, sagaIdentifier, saga, associationValues);
        }

        List<TrackingSaga> sagas() {
            return identifiers.stream()
                    .map(id -> loadSaga(TrackingSaga.class, id).saga())
                    .toList();
        }
    }
}
