package dev.orderly.domain.resource;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Money;
import dev.orderly.command.Refusal;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.resource.ChangeCapacityCommand;
import dev.orderly.command.resource.ChangePriceCommand;
import dev.orderly.command.resource.CustomerHoldings;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.RegisterResourceCommand;
import dev.orderly.command.resource.ReleaseReservationCommand;
import dev.orderly.command.resource.ReservationClaim;
import dev.orderly.command.resource.ReservationClaims;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ReserveResourceCommand;
import dev.orderly.command.resource.ResourceCapacityChangedEvent;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourcePriceChangedEvent;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.orderly.command.resource.ReservationRejectedEvent.INSUFFICIENT_CAPACITY;
import static dev.orderly.command.resource.ReservationRejectedEvent.QUOTA_EXCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

class ResourceTest {

    private static final ResourceId ROOM = ResourceId.of("00000000-0000-0000-0000-0000000000a1");
    private static final ResourceId OTHER_ROOM = ResourceId.of("00000000-0000-0000-0000-0000000000a2");
    private static final ReservationId FIRST = ReservationId.of("00000000-0000-0000-0000-000000000001");
    private static final ReservationId SECOND = ReservationId.of("00000000-0000-0000-0000-000000000002");
    private static final CustomerId ALICE = new CustomerId("alice");
    private static final CustomerId BOB = new CustomerId("bob");
    private static final OrderId ORDER = OrderId.of("00000000-0000-0000-0000-0000000000c1");
    private static final OrderId OTHER_ORDER = OrderId.of("00000000-0000-0000-0000-0000000000c2");
    private static final Money PRICE = new Money(1500, "EUR");

    private FixtureConfiguration<Resource> fixture;
    /** What the lookup written beside the event store holds: ids decided before, whatever became of them. */
    private final Map<ReservationId, ReservationClaim> claims = new HashMap<>();
    /** The units each customer holds through the API on every resource, and whose count a decision locked. */
    private final Map<CustomerId, Integer> heldByCustomer = new HashMap<>();
    private final List<CustomerId> locked = new ArrayList<>();

    @BeforeEach
    void newFixture() {
        fixture = new AggregateTestFixture<>(Resource.class);
        fixture.registerInjectableResource((ReservationClaims) id -> Optional.ofNullable(claims.get(id)));
        fixture.registerInjectableResource(new CustomerHoldings() {
            @Override
            public int heldUnits(CustomerId customerId) {
                return heldByCustomer.getOrDefault(customerId, 0);
            }

            @Override
            public int lockHeldUnits(CustomerId customerId) {
                locked.add(customerId);
                return heldUnits(customerId);
            }
        });
    }

    private static ResourceRegisteredEvent registered(int capacity) {
        return new ResourceRegisteredEvent(ROOM, "Room 101", capacity, PRICE);
    }

    private static ReserveResourceCommand reserve(ReservationId id, CustomerId customer, int quantity) {
        return ReserveResourceCommand.forCustomer(ROOM, id, customer, quantity, null);
    }

    private static ReserveResourceCommand reserveWithin(ReservationId id, CustomerId customer, int quantity,
                                                        int unitLimit) {
        return ReserveResourceCommand.forCustomer(ROOM, id, customer, quantity, unitLimit);
    }

    private static ResourceReservedEvent reserved(ReservationId id, CustomerId customer, int quantity, int heldAfter,
                                                  int capacity) {
        return new ResourceReservedEvent(ROOM, id, customer, quantity, heldAfter, capacity, null, PRICE);
    }

    private static ReserveResourceCommand reserveForOrder(ReservationId id, int quantity, Money quoted) {
        return ReserveResourceCommand.forOrder(ROOM, id, ALICE, quantity, ORDER, quoted);
    }

    private void decidedBefore(ReservationId id, CustomerId customer, int quantity, OrderId order) {
        claims.put(id, new ReservationClaim(id, ROOM, customer, quantity, order));
    }

    @Test
    void registers_a_resource_with_its_capacity_and_price() {
        fixture.givenNoPriorActivity()
               .when(new RegisterResourceCommand(ROOM, "Room 101", 3, PRICE))
               .expectSuccessfulHandlerExecution()
               .expectEvents(registered(3));
    }

    @Test
    void refuses_to_register_a_resource_without_capacity() {
        fixture.givenNoPriorActivity()
               .when(new RegisterResourceCommand(ROOM, "Room 101", 0, PRICE))
               .expectException(CommandRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void refuses_to_register_a_resource_without_a_price() {
        fixture.givenNoPriorActivity()
               .when(new RegisterResourceCommand(ROOM, "Room 101", 3, null))
               .expectException(CommandRefusedException.class)
               .expectExceptionDetails(new Refusal(Resource.INVALID_PRICE,
                       "a unit price needs at least 1 minor unit and an ISO 4217 currency code"))
               .expectNoEvents();
    }

    @Test
    void refuses_a_price_of_nothing() {
        fixture.given(registered(3))
               .when(new ChangePriceCommand(ROOM, new Money(0, "EUR")))
               .expectException(CommandRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void changes_the_price_of_later_reservations() {
        fixture.given(registered(3))
               .when(new ChangePriceCommand(ROOM, new Money(1800, "EUR")))
               .expectEvents(new ResourcePriceChangedEvent(ROOM, PRICE, new Money(1800, "EUR")));
    }

    @Test
    void setting_the_same_price_changes_nothing() {
        fixture.given(registered(3))
               .when(new ChangePriceCommand(ROOM, PRICE))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void reserves_units_while_capacity_is_free_and_records_the_price_they_were_granted_at() {
        fixture.given(registered(3))
               .when(reserve(FIRST, ALICE, 2))
               .expectEvents(reserved(FIRST, ALICE, 2, 2, 3));
    }

    @Test
    void reserves_the_last_free_unit() {
        fixture.given(registered(3), reserved(FIRST, ALICE, 2, 2, 3))
               .when(reserve(SECOND, BOB, 1))
               .expectEvents(reserved(SECOND, BOB, 1, 3, 3));
    }

    @Test
    void rejects_a_reservation_when_the_resource_is_full() {
        fixture.given(registered(1), reserved(FIRST, ALICE, 1, 1, 1))
               .when(reserve(SECOND, BOB, 1))
               .expectEvents(new ReservationRejectedEvent(ROOM, SECOND, BOB, 1, INSUFFICIENT_CAPACITY, null));
    }

    @Test
    void rejects_a_reservation_that_fits_only_partially_and_holds_nothing_of_it() {
        fixture.given(registered(3), reserved(FIRST, ALICE, 2, 2, 3))
               .when(reserve(SECOND, BOB, 2))
               .expectEvents(new ReservationRejectedEvent(ROOM, SECOND, BOB, 2, INSUFFICIENT_CAPACITY, null));
    }

    @Test
    void grants_a_reservation_that_keeps_the_customer_within_the_quota_counted_over_every_resource() {
        heldByCustomer.put(ALICE, 3);
        fixture.given(registered(5))
               .when(reserveWithin(FIRST, ALICE, 2, 5))
               .expectEvents(reserved(FIRST, ALICE, 2, 2, 5));
        assertThat(locked).containsExactly(ALICE);
    }

    @Test
    void rejects_a_reservation_that_would_take_the_customer_past_the_quota_however_free_the_resource_is() {
        heldByCustomer.put(ALICE, 4);
        fixture.given(registered(10))
               .when(reserveWithin(FIRST, ALICE, 2, 5))
               .expectEvents(new ReservationRejectedEvent(ROOM, FIRST, ALICE, 2,
                       QUOTA_EXCEEDED + ": customer alice may hold at most 5 units through the API at once", null));
    }

    @Test
    void a_reservation_refused_for_capacity_never_waits_on_the_customers_quota() {
        fixture.given(registered(1), reserved(FIRST, BOB, 1, 1, 1))
               .when(reserveWithin(SECOND, ALICE, 1, 5))
               .expectEvents(new ReservationRejectedEvent(ROOM, SECOND, ALICE, 1, INSUFFICIENT_CAPACITY, null));
        assertThat(locked).isEmpty();
    }

    @Test
    void an_order_and_an_operator_reserve_without_a_quota() {
        heldByCustomer.put(ALICE, 100);
        fixture.given(registered(3))
               .when(reserve(FIRST, ALICE, 2))
               .expectEvents(reserved(FIRST, ALICE, 2, 2, 3));
        assertThat(locked).isEmpty();
    }

    @Test
    void refuses_a_reservation_of_no_units() {
        fixture.given(registered(3))
               .when(reserve(FIRST, ALICE, 0))
               .expectException(CommandRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void ignores_a_repeated_request_for_a_held_reservation_instead_of_booking_twice() {
        fixture.given(registered(3), reserved(FIRST, ALICE, 2, 2, 3))
               .when(reserve(FIRST, ALICE, 2))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void ignores_a_repeated_request_that_was_rejected_before() {
        decidedBefore(FIRST, BOB, 5, null);
        fixture.given(registered(3), new ReservationRejectedEvent(ROOM, FIRST, BOB, 5, INSUFFICIENT_CAPACITY, null))
               .when(reserve(FIRST, BOB, 5))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void ignores_a_repeated_request_for_a_reservation_released_before() {
        decidedBefore(FIRST, ALICE, 1, null);
        fixture.given(registered(3), reserved(FIRST, ALICE, 1, 1, 3),
                       new ReservationReleasedEvent(ROOM, FIRST, 1, "released by customer", null))
               .when(reserve(FIRST, ALICE, 1))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void refuses_a_held_reservation_id_reused_by_another_customer() {
        fixture.given(registered(3), reserved(FIRST, ALICE, 1, 1, 3))
               .when(reserve(FIRST, BOB, 1))
               .expectException(CommandRefusedException.class)
               .expectExceptionDetails(conflict(FIRST))
               .expectNoEvents();
    }

    @Test
    void refuses_a_held_reservation_id_reused_with_another_quantity() {
        fixture.given(registered(3), reserved(FIRST, ALICE, 1, 1, 3))
               .when(reserve(FIRST, ALICE, 2))
               .expectException(CommandRefusedException.class)
               .expectExceptionDetails(conflict(FIRST))
               .expectNoEvents();
    }

    @Test
    void refuses_an_orders_reservation_id_reused_by_its_own_customer_through_the_api() {
        fixture.given(registered(3), new ResourceReservedEvent(ROOM, FIRST, ALICE, 1, 1, 3, ORDER, PRICE))
               .when(reserve(FIRST, ALICE, 1))
               .expectException(CommandRefusedException.class)
               .expectExceptionDetails(conflict(FIRST))
               .expectNoEvents();
    }

    @Test
    void refuses_a_decided_reservation_id_reused_by_an_order() {
        decidedBefore(FIRST, ALICE, 1, null);
        fixture.given(registered(3), new ReservationRejectedEvent(ROOM, FIRST, ALICE, 1, INSUFFICIENT_CAPACITY, null))
               .when(reserveForOrder(FIRST, 1, PRICE))
               .expectException(CommandRefusedException.class)
               .expectExceptionDetails(conflict(FIRST))
               .expectNoEvents();
    }

    @Test
    void refuses_a_reservation_id_decided_on_another_resource() {
        claims.put(FIRST, new ReservationClaim(FIRST, OTHER_ROOM, ALICE, 1, null));
        fixture.given(registered(3))
               .when(reserve(FIRST, ALICE, 1))
               .expectException(CommandRefusedException.class)
               .expectExceptionDetails(conflict(FIRST))
               .expectNoEvents();
    }

    @Test
    void grants_an_orders_reservation_at_the_price_it_was_placed_at() {
        fixture.given(registered(3))
               .when(reserveForOrder(FIRST, 2, PRICE))
               .expectEvents(new ResourceReservedEvent(ROOM, FIRST, ALICE, 2, 2, 3, ORDER, PRICE));
    }

    @Test
    void rejects_an_orders_reservation_when_the_price_changed_since_it_was_placed() {
        fixture.given(registered(3), new ResourcePriceChangedEvent(ROOM, PRICE, new Money(1800, "EUR")))
               .when(reserveForOrder(FIRST, 2, PRICE))
               .expectEvents(new ReservationRejectedEvent(ROOM, FIRST, ALICE, 2, ReservationRejectedEvent.PRICE_CHANGED
                       + ": the unit price of resource " + ROOM + " is now 1800 EUR", ORDER));
    }

    @Test
    void rejects_an_orders_reservation_in_another_currency() {
        fixture.given(registered(3))
               .when(reserveForOrder(FIRST, 1, new Money(1500, "USD")))
               .expectEvents(new ReservationRejectedEvent(ROOM, FIRST, ALICE, 1,
                       ReservationRejectedEvent.CURRENCY_MISMATCH + ": resource " + ROOM + " is priced in EUR", ORDER));
    }

    @Test
    void rejects_an_orders_reservation_of_a_resource_registered_before_prices() {
        fixture.given(new ResourceRegisteredEvent(ROOM, "Room 101", 3, null))
               .when(reserveForOrder(FIRST, 1, PRICE))
               .expectEvents(new ReservationRejectedEvent(ROOM, FIRST, ALICE, 1,
                       ReservationRejectedEvent.NOT_PRICED + ": resource " + ROOM + " has no price yet", ORDER));
    }

    @Test
    void releases_a_held_reservation_for_its_customer() {
        fixture.given(registered(3), reserved(FIRST, ALICE, 2, 2, 3))
               .when(new ReleaseReservationCommand(ROOM, FIRST, ALICE, null, "changed plans"))
               .expectEvents(new ReservationReleasedEvent(ROOM, FIRST, 2, "changed plans", null));
    }

    @Test
    void releases_an_orders_reservation_for_that_orders_compensation() {
        fixture.given(registered(3), new ResourceReservedEvent(ROOM, FIRST, ALICE, 2, 2, 3, ORDER, PRICE))
               .when(new ReleaseReservationCommand(ROOM, FIRST, ALICE, ORDER, "order cancelled"))
               .expectEvents(new ReservationReleasedEvent(ROOM, FIRST, 2, "order cancelled", ORDER));
    }

    @Test
    void refuses_to_release_an_orders_reservation_for_its_customer_through_the_api() {
        fixture.given(registered(3), new ResourceReservedEvent(ROOM, FIRST, ALICE, 2, 2, 3, ORDER, PRICE))
               .when(new ReleaseReservationCommand(ROOM, FIRST, ALICE, null, "mine now"))
               .expectException(CommandRefusedException.class)
               .expectExceptionDetails(unknown(FIRST))
               .expectNoEvents();
    }

    @Test
    void refuses_to_release_an_orders_reservation_for_another_order() {
        fixture.given(registered(3), new ResourceReservedEvent(ROOM, FIRST, ALICE, 2, 2, 3, ORDER, PRICE))
               .when(new ReleaseReservationCommand(ROOM, FIRST, ALICE, OTHER_ORDER, "order cancelled"))
               .expectException(CommandRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void refuses_to_release_a_reservation_for_a_stranger() {
        fixture.given(registered(3), reserved(FIRST, ALICE, 2, 2, 3))
               .when(new ReleaseReservationCommand(ROOM, FIRST, BOB, null, "not mine"))
               .expectException(CommandRefusedException.class)
               .expectExceptionDetails(unknown(FIRST))
               .expectNoEvents();
    }

    @Test
    void frees_released_units_for_the_next_reservation() {
        fixture.given(registered(1), reserved(FIRST, ALICE, 1, 1, 1),
                       new ReservationReleasedEvent(ROOM, FIRST, 1, "released", null))
               .when(reserve(SECOND, BOB, 1))
               .expectEvents(reserved(SECOND, BOB, 1, 1, 1));
    }

    @Test
    void releasing_twice_changes_nothing() {
        decidedBefore(FIRST, ALICE, 1, null);
        fixture.given(registered(1), reserved(FIRST, ALICE, 1, 1, 1),
                       new ReservationReleasedEvent(ROOM, FIRST, 1, "released", null))
               .when(new ReleaseReservationCommand(ROOM, FIRST, ALICE, null, "again"))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void refuses_to_release_a_reservation_it_never_saw() {
        fixture.given(registered(1))
               .when(new ReleaseReservationCommand(ROOM, FIRST, ALICE, null, "unknown"))
               .expectException(CommandRefusedException.class)
               .expectExceptionDetails(unknown(FIRST))
               .expectNoEvents();
    }

    @Test
    void raises_capacity() {
        fixture.given(registered(3))
               .when(new ChangeCapacityCommand(ROOM, 5))
               .expectEvents(new ResourceCapacityChangedEvent(ROOM, 3, 5));
    }

    @Test
    void lowers_capacity_down_to_what_is_held() {
        fixture.given(registered(3), reserved(FIRST, ALICE, 2, 2, 3))
               .when(new ChangeCapacityCommand(ROOM, 2))
               .expectEvents(new ResourceCapacityChangedEvent(ROOM, 3, 2));
    }

    @Test
    void refuses_to_lower_capacity_below_what_is_held() {
        fixture.given(registered(3), reserved(FIRST, ALICE, 2, 2, 3))
               .when(new ChangeCapacityCommand(ROOM, 1))
               .expectException(CommandRefusedException.class)
               .expectExceptionDetails(new Refusal(Resource.CAPACITY_BELOW_HELD,
                       "capacity 1 is below the 2 units currently held"))
               .expectNoEvents();
    }

    @Test
    void a_lowered_capacity_rejects_what_no_longer_fits() {
        fixture.given(registered(3), new ResourceCapacityChangedEvent(ROOM, 3, 1))
               .when(reserve(FIRST, ALICE, 2))
               .expectEvents(new ReservationRejectedEvent(ROOM, FIRST, ALICE, 2, INSUFFICIENT_CAPACITY, null));
    }

    @Test
    void setting_the_same_capacity_changes_nothing() {
        fixture.given(registered(3))
               .when(new ChangeCapacityCommand(ROOM, 3))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    private static Refusal conflict(ReservationId id) {
        return new Refusal(Resource.RESERVATION_ID_CONFLICT,
                "reservation " + id + " was already requested with different details");
    }

    private static Refusal unknown(ReservationId id) {
        return new Refusal(Resource.UNKNOWN_RESERVATION, "reservation " + id + " is not known to resource " + ROOM);
    }
}
