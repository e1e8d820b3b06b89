package dev.orderly.projection.resource;

import dev.orderly.command.Money;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceCapacityChangedEvent;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourcePriceChangedEvent;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.projection.ReadModelDatabase;
import dev.orderly.query.resource.FindResourceQuery;
import dev.orderly.query.resource.ResourceView;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a change to the availability view must keep: each event counts once, guarded by the resource's sequence, so
 * a whole history delivered again (a processor whose token was not stored) leaves the counts as they were and never
 * below zero; capacity and price changes show; and an event of a resource the view never registered fails loudly
 * (its dead letter says so) instead of being dropped.
 */
class ResourceAvailabilityProjectionTest {

    private static final Money PRICE = new Money(1500, "EUR");
    private static final CustomerId ALICE = new CustomerId("alice");

    private final ReadModelDatabase database = ReadModelDatabase.start();
    private final ResourceAvailabilityProjection projection = new ResourceAvailabilityProjection(
            ReadModelDatabase.repository(ResourceAvailabilityRepository.class, getClass().getPackageName()),
            database.writes());
    private final ResourceId resource = ResourceId.of(UUID.randomUUID().toString());

    {
        database.with(projection);
    }

    @Test
    void counts_held_and_free_units_as_reservations_come_and_go() {
        publish(new ResourceRegisteredEvent(resource, "Room 101", 5, PRICE));
        ReservationId first = newId();
        publish(reserved(first, 2, 2));
        publish(reserved(newId(), 3, 5));
        assertThat(shown()).isEqualTo(new ResourceView(resource.toString(), "Room 101", 5, 5, 0, 1500L, "EUR"));

        publish(released(first, 2));

        assertThat(shown()).isEqualTo(new ResourceView(resource.toString(), "Room 101", 5, 3, 2, 1500L, "EUR"));
    }

    @Test
    void a_whole_history_delivered_again_changes_nothing_and_never_goes_below_zero() {
        List<DomainEventMessage<?>> history = new ArrayList<>();
        history.add(publish(new ResourceRegisteredEvent(resource, "Room 101", 2, PRICE)));
        ReservationId reservation = newId();
        history.add(publish(reserved(reservation, 2, 2)));
        history.add(publish(released(reservation, 2)));
        history.add(publish(new ResourceCapacityChangedEvent(resource, 2, 4)));
        history.add(publish(new ResourcePriceChangedEvent(resource, PRICE, new Money(900, "EUR"))));
        ResourceView before = shown();

        history.forEach(database::redeliver);
        database.redeliver(history.get(2));

        assertThat(shown()).isEqualTo(before);
        assertThat(before).isEqualTo(new ResourceView(resource.toString(), "Room 101", 4, 0, 4, 900L, "EUR"));
    }

    @Test
    void an_older_event_delivered_again_after_a_newer_one_is_not_applied_again() {
        publish(new ResourceRegisteredEvent(resource, "Room 101", 3, PRICE));
        DomainEventMessage<?> reserved = publish(reserved(newId(), 1, 1));
        publish(new ResourceCapacityChangedEvent(resource, 3, 2));

        database.redeliver(reserved);

        assertThat(shown().held()).isEqualTo(1);
        assertThat(shown().capacity()).isEqualTo(2);
    }

    @Test
    void shows_capacity_raised_and_lowered_with_free_units_following() {
        publish(new ResourceRegisteredEvent(resource, "Room 101", 2, PRICE));
        publish(reserved(newId(), 2, 2));
        publish(new ResourceCapacityChangedEvent(resource, 2, 6));
        assertThat(shown().free()).isEqualTo(4);

        publish(new ResourceCapacityChangedEvent(resource, 6, 3));

        assertThat(shown()).extracting(ResourceView::capacity, ResourceView::held, ResourceView::free)
                .containsExactly(3, 2, 1);
    }

    @Test
    void a_resource_registered_without_a_price_shows_none_until_one_is_set() {
        publish(new ResourceRegisteredEvent(resource, "Legacy room", 1, null));
        assertThat(shown().unitPrice()).isNull();
        assertThat(shown().currency()).isNull();

        publish(new ResourcePriceChangedEvent(resource, null, new Money(700, "USD")));

        assertThat(shown()).extracting(ResourceView::unitPrice, ResourceView::currency).containsExactly(700L, "USD");
    }

    @Test
    void an_event_of_a_resource_never_registered_fails_instead_of_being_dropped() {
        assertThatThrownBy(() -> publish(reserved(newId(), 1, 1)))
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .rootCause().hasMessageContaining("never registered");
        assertThat(projection.handle(new FindResourceQuery(resource))).isEmpty();
    }

    private DomainEventMessage<?> publish(Object event) {
        return database.publish("Resource", resource.toString(), event);
    }

    private ResourceView shown() {
        return projection.handle(new FindResourceQuery(resource)).orElseThrow();
    }

    private ResourceReservedEvent reserved(ReservationId reservation, int quantity, int heldAfter) {
        return new ResourceReservedEvent(resource, reservation, ALICE, quantity, heldAfter, 10, null, PRICE);
    }

    private ReservationReleasedEvent released(ReservationId reservation, int quantity) {
        return new ReservationReleasedEvent(resource, reservation, quantity, "done", null);
    }

    private static ReservationId newId() {
        return ReservationId.of(UUID.randomUUID().toString());
    }
}
