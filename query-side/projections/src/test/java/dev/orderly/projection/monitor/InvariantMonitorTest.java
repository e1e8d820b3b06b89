package dev.orderly.projection.monitor;

import dev.orderly.command.Money;
import dev.orderly.command.order.OrderConfirmedEvent;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.OrderReservedEvent;
import dev.orderly.command.order.OrderShippedEvent;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceCapacityChangedEvent;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.projection.OrderEvents;
import dev.orderly.projection.ReadModelDatabase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariant monitor judges the log, not the aggregates: each history below is one an aggregate would never write
 * (a reservation decided twice, held by two parties, released by someone else, a resource overbooked, an order
 * confirmed without a capture or captured twice), and the monitor must flag exactly the invariants it breaks; a clean
 * history must be flagged for nothing. Events reach it as its processor delivers them, each at its global position.
 */
class InvariantMonitorTest {

    private static final Money PRICE = new Money(1500, "EUR");
    private static final CustomerId ALICE = new CustomerId("alice");
    private static final CustomerId BOB = new CustomerId("bob");

    private final ReadModelDatabase database = ReadModelDatabase.start();
    private final ResourceId resource = ResourceId.of(UUID.randomUUID().toString());
    private final OrderEvents order = OrderEvents.fresh();

    {
        OrderPhases phases = new OrderPhases(database.jdbc());
        database.with(new InvariantMonitor(List.of(phases, new ResourceInvariants(database.jdbc(), phases),
                new OrderInvariants(database.jdbc()), new PaymentInvariants(database.jdbc())),
                new Violations(database.jdbc()), database.jdbc()));
    }

    @Test
    void a_clean_history_of_a_resource_and_an_order_breaks_nothing() {
        onResource(new ResourceRegisteredEvent(resource, "Room 101", 2, PRICE));
        ReservationId apiReservation = newId();
        onResource(reserved(apiReservation, ALICE, 1, null));
        onResource(new ReservationRejectedEvent(resource, newId(), BOB, 5, "insufficient capacity", null));
        onResource(new ReservationReleasedEvent(resource, apiReservation, 1, "done", null));
        onOrder(order.placed(1));
        ReservationId ordered = newId();
        onResource(reserved(ordered, ALICE, 2, order.order()));
        onOrder(new OrderReservedEvent(order.order()));
        onPayment(order.requested(100));
        onPayment(order.captured(100));
        onOrder(new OrderConfirmedEvent(order.order(), order.payment()));
        onOrder(new OrderShippedEvent(order.order(), "ship-1", "DHL", "T-1"));
        onPayment(order.refunded(100));

        assertThat(violationsOf(resource.toString())).isEmpty();
        assertThat(violationsOf(order.order().toString())).isEmpty();
    }

    @Test
    void flags_a_reservation_decided_twice_for_the_same_owner_as_a_second_decision_only() {
        onResource(new ResourceRegisteredEvent(resource, "Room 101", 5, PRICE));
        ReservationId reservation = newId();
        onResource(new ReservationRejectedEvent(resource, reservation, ALICE, 1, "insufficient capacity", null));

        onResource(new ReservationRejectedEvent(resource, reservation, ALICE, 1, "insufficient capacity", null));

        assertThat(violationsOf(resource.toString())).containsExactly(ResourceInvariants.DUPLICATE_RESERVATION);
    }

    @Test
    void flags_a_held_reservation_granted_again_to_another_party() {
        onResource(new ResourceRegisteredEvent(resource, "Room 101", 5, PRICE));
        ReservationId reservation = newId();
        onResource(reserved(reservation, ALICE, 1, null));

        onResource(reserved(reservation, BOB, 1, null));

        assertThat(violationsOf(resource.toString())).containsExactlyInAnyOrder(
                ResourceInvariants.DUPLICATE_RESERVATION, ResourceInvariants.ONE_OWNER, ResourceInvariants.HELD_ONCE);
    }

    @Test
    void flags_units_held_beyond_the_capacity_and_a_capacity_lowered_below_them() {
        onResource(new ResourceRegisteredEvent(resource, "Room 101", 1, PRICE));
        onResource(reserved(newId(), ALICE, 1, null));
        onResource(new ResourceCapacityChangedEvent(resource, 1, 3));
        onResource(reserved(newId(), BOB, 2, null));
        assertThat(violationsOf(resource.toString())).isEmpty();

        onResource(new ResourceCapacityChangedEvent(resource, 3, 2));
        onResource(reserved(newId(), BOB, 1, null));

        assertThat(violationsOf(resource.toString())).containsExactly(ResourceInvariants.OVERBOOKING,
                ResourceInvariants.OVERBOOKING);
    }

    @Test
    void flags_a_release_by_someone_other_than_the_holder_and_one_of_nothing_held() {
        onResource(new ResourceRegisteredEvent(resource, "Room 101", 5, PRICE));
        ReservationId ordered = newId();
        onResource(reserved(ordered, ALICE, 1, order.order()));

        onResource(new ReservationReleasedEvent(resource, ordered, 1, "customer asked", null));
        onResource(new ReservationReleasedEvent(resource, ordered, 1, "again", order.order()));

        assertThat(violationsOf(resource.toString())).containsExactly(ResourceInvariants.RELEASED_BY_HOLDER,
                ResourceInvariants.UNKNOWN_RELEASE);
    }

    @Test
    void flags_an_orders_units_released_by_the_order_while_it_still_holds_them() {
        onResource(new ResourceRegisteredEvent(resource, "Room 101", 5, PRICE));
        onOrder(order.placed(1));
        ReservationId ordered = newId();
        onResource(reserved(ordered, ALICE, 1, order.order()));
        onOrder(new OrderReservedEvent(order.order()));

        onResource(new ReservationReleasedEvent(resource, ordered, 1, "no reason", order.order()));

        assertThat(violationsOf(resource.toString())).containsExactly(ResourceInvariants.RELEASED_BY_HOLDER);
    }

    @Test
    void flags_a_confirmation_without_capture_a_second_capture_and_a_refund_above_the_captures() {
        onOrder(order.placed(1));
        onOrder(new OrderConfirmedEvent(order.order(), order.payment()));
        onPayment(order.requested(100));
        onPayment(order.captured(100));
        onPayment(order.captured(100));
        onPayment(order.refunded(250));

        assertThat(violationsOf(order.order().toString())).containsExactly(OrderInvariants.CONFIRMED_AFTER_CAPTURE,
                PaymentInvariants.ONE_CAPTURE_PER_ORDER, PaymentInvariants.REFUNDS_WITHIN_CAPTURES);
    }

    private void onResource(Object event) {
        database.publish("Resource", resource.toString(), event);
    }

    private void onOrder(Object event) {
        database.publish("Order", order.order().toString(), event);
    }

    private void onPayment(Object event) {
        database.publish("Payment", order.payment().toString(), event);
    }

    /** The invariants found broken on {@code aggregateId}, in the order of the log. */
    private List<String> violationsOf(String aggregateId) {
        return database.jdbc().queryForList("""
                SELECT invariant FROM monitor_violation WHERE aggregate_id = ? ORDER BY global_index, id""",
                String.class, aggregateId);
    }

    private ResourceReservedEvent reserved(ReservationId reservation, CustomerId customer, int quantity,
                                           OrderId orderId) {
        return new ResourceReservedEvent(resource, reservation, customer, quantity, 0, 0, orderId, PRICE);
    }

    private static ReservationId newId() {
        return ReservationId.of(UUID.randomUUID().toString());
    }
}
