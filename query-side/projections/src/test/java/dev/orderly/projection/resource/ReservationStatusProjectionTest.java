package dev.orderly.projection.resource;

import dev.orderly.command.Money;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.projection.ReadModelDatabase;
import dev.orderly.query.resource.FindReservationQuery;
import dev.orderly.query.resource.FindReservationsOfCustomerQuery;
import dev.orderly.query.resource.FindResourceHoldersQuery;
import dev.orderly.query.resource.ReservationStatus;
import dev.orderly.query.resource.ReservationView;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a change to the reservation status view must keep: a reservation's first decision is its row and only a
 * confirmed one can become released, so the same event delivered again, an older event delivered again after a newer
 * one, and a second decision of a cheating history all leave it as it was; a customer is shown only their own
 * reservations, and a resource's holders are its confirmed ones.
 */
class ReservationStatusProjectionTest {

    private static final Money PRICE = new Money(1500, "EUR");

    private final ReadModelDatabase database = ReadModelDatabase.start();
    private final ReservationStatusProjection projection = new ReservationStatusProjection(
            ReadModelDatabase.repository(ReservationStatusRepository.class, getClass().getPackageName()),
            database.writes());
    private final ResourceId resource = ResourceId.of(UUID.randomUUID().toString());
    private final CustomerId alice = new CustomerId("alice-" + UUID.randomUUID());
    private final CustomerId bob = new CustomerId("bob-" + UUID.randomUUID());

    {
        database.with(projection);
    }

    @Test
    void a_confirmation_delivered_twice_changes_nothing() {
        ReservationId reservation = newId();
        DomainEventMessage<?> reserved = publish(reserved(reservation, alice, 2));
        ReservationView first = shown(reservation);

        database.redeliver(reserved);

        assertThat(shown(reservation)).isEqualTo(first);
        assertThat(first.status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertThat(first.customerId()).isEqualTo(alice.toString());
        assertThat(first.quantity()).isEqualTo(2);
    }

    @Test
    void a_confirmation_delivered_again_after_the_release_leaves_the_reservation_released() {
        ReservationId reservation = newId();
        DomainEventMessage<?> reserved = publish(reserved(reservation, alice, 2));
        DomainEventMessage<?> released = publish(released(reservation, 2));
        ReservationView afterRelease = shown(reservation);

        database.redeliver(reserved);
        database.redeliver(released);

        assertThat(afterRelease.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(afterRelease.reason()).isEqualTo("customer gave it back");
        assertThat(shown(reservation)).isEqualTo(afterRelease);
    }

    @Test
    void a_rejected_reservation_is_never_shown_released_or_confirmed() {
        ReservationId reservation = newId();
        publish(new ReservationRejectedEvent(resource, reservation, alice, 9, "insufficient capacity", null));

        publish(released(reservation, 9));
        publish(reserved(reservation, alice, 9));

        ReservationView shown = shown(reservation);
        assertThat(shown.status()).isEqualTo(ReservationStatus.REJECTED);
        assertThat(shown.reason()).isEqualTo("insufficient capacity");
    }

    @Test
    void a_second_decision_for_another_party_does_not_take_the_reservation_over() {
        ReservationId reservation = newId();
        publish(reserved(reservation, alice, 1));

        publish(new ReservationRejectedEvent(resource, reservation, bob, 5, "insufficient capacity", null));
        publish(reserved(reservation, bob, 5));

        ReservationView shown = shown(reservation);
        assertThat(shown.customerId()).isEqualTo(alice.toString());
        assertThat(shown.quantity()).isEqualTo(1);
        assertThat(shown.status()).isEqualTo(ReservationStatus.CONFIRMED);
    }

    @Test
    void a_release_of_a_reservation_never_decided_shows_nothing() {
        ReservationId reservation = newId();

        publish(released(reservation, 1));

        assertThat(projection.handle(new FindReservationQuery(reservation))).isEmpty();
    }

    @Test
    void a_customer_is_shown_only_their_own_reservations_page_by_page() {
        List<ReservationId> alices = List.of(newId(), newId(), newId());
        alices.forEach(id -> publish(reserved(id, alice, 1)));
        publish(reserved(newId(), bob, 1));
        publish(new ReservationRejectedEvent(resource, newId(), bob, 1, "insufficient capacity", null));

        List<String> expected = alices.stream().map(Object::toString).sorted().toList();
        List<ReservationView> firstPage = projection.handle(new FindReservationsOfCustomerQuery(alice.toString(),
                null, 2)).items();
        List<ReservationView> secondPage = projection.handle(new FindReservationsOfCustomerQuery(alice.toString(),
                firstPage.get(1).reservationId(), 2)).items();

        assertThat(firstPage).extracting(ReservationView::reservationId).containsExactlyElementsOf(expected
                .subList(0, 2));
        assertThat(secondPage).extracting(ReservationView::reservationId).containsExactly(expected.get(2));
        assertThat(projection.handle(new FindReservationsOfCustomerQuery("carol-" + UUID.randomUUID(), null, 10))
                .items()).isEmpty();
    }

    @Test
    void the_holders_of_a_resource_are_its_confirmed_reservations_only() {
        ReservationId held = newId();
        ReservationId released = newId();
        publish(reserved(held, alice, 1));
        publish(reserved(released, bob, 2));
        publish(released(released, 2));
        publish(new ReservationRejectedEvent(resource, newId(), bob, 3, "insufficient capacity", null));

        assertThat(projection.handle(new FindResourceHoldersQuery(resource)))
                .extracting(ReservationView::reservationId).containsExactly(held.toString());
    }

    private DomainEventMessage<?> publish(Object event) {
        return database.publish("Resource", resource.toString(), event);
    }

    private ReservationView shown(ReservationId reservation) {
        return projection.handle(new FindReservationQuery(reservation)).orElseThrow();
    }

    private ResourceReservedEvent reserved(ReservationId reservation, CustomerId customer, int quantity) {
        return new ResourceReservedEvent(resource, reservation, customer, quantity, quantity, 10, null, PRICE);
    }

    private ReservationReleasedEvent released(ReservationId reservation, int quantity) {
        return new ReservationReleasedEvent(resource, reservation, quantity, "customer gave it back", null);
    }

    private static ReservationId newId() {
        return ReservationId.of(UUID.randomUUID().toString());
    }
}
