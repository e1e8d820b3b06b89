package dev.orderly.domain.resource;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Refusal;
import dev.orderly.command.resource.ChangeCapacityCommand;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.RegisterResourceCommand;
import dev.orderly.command.resource.ReleaseReservationCommand;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ReserveResourceCommand;
import dev.orderly.command.resource.ResourceCapacityChangedEvent;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.orderly.command.resource.ReservationRejectedEvent.INSUFFICIENT_CAPACITY;

class ResourceTest {

    private static final ResourceId ROOM = ResourceId.of("00000000-0000-0000-0000-0000000000a1");
    private static final ReservationId FIRST = ReservationId.of("00000000-0000-0000-0000-000000000001");
    private static final ReservationId SECOND = ReservationId.of("00000000-0000-0000-0000-000000000002");
    private static final CustomerId ALICE = new CustomerId("alice");
    private static final CustomerId BOB = new CustomerId("bob");

    private FixtureConfiguration<Resource> fixture;

    @BeforeEach
    void newFixture() {
        fixture = new AggregateTestFixture<>(Resource.class);
    }

    private static ResourceRegisteredEvent registered(int capacity) {
        return new ResourceRegisteredEvent(ROOM, "Room 101", capacity);
    }

    @Test
    void registers_a_resource_with_its_capacity() {
        fixture.givenNoPriorActivity()
               .when(new RegisterResourceCommand(ROOM, "Room 101", 3))
               .expectSuccessfulHandlerExecution()
               .expectEvents(registered(3));
    }

    @Test
    void refuses_to_register_a_resource_without_capacity() {
        fixture.givenNoPriorActivity()
               .when(new RegisterResourceCommand(ROOM, "Room 101", 0))
               .expectException(CommandRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void reserves_units_while_capacity_is_free() {
        fixture.given(registered(3))
               .when(new ReserveResourceCommand(ROOM, FIRST, ALICE, 2))
               .expectEvents(new ResourceReservedEvent(ROOM, FIRST, ALICE, 2, 2, 3));
    }

    @Test
    void reserves_the_last_free_unit() {
        fixture.given(registered(3), new ResourceReservedEvent(ROOM, FIRST, ALICE, 2, 2, 3))
               .when(new ReserveResourceCommand(ROOM, SECOND, BOB, 1))
               .expectEvents(new ResourceReservedEvent(ROOM, SECOND, BOB, 1, 3, 3));
    }

    @Test
    void rejects_a_reservation_when_the_resource_is_full() {
        fixture.given(registered(1), new ResourceReservedEvent(ROOM, FIRST, ALICE, 1, 1, 1))
               .when(new ReserveResourceCommand(ROOM, SECOND, BOB, 1))
               .expectEvents(new ReservationRejectedEvent(ROOM, SECOND, BOB, 1, INSUFFICIENT_CAPACITY));
    }

    @Test
    void rejects_a_reservation_that_fits_only_partially_and_holds_nothing_of_it() {
        fixture.given(registered(5), new ResourceReservedEvent(ROOM, FIRST, ALICE, 3, 3, 5))
               .when(new ReserveResourceCommand(ROOM, SECOND, BOB, 3))
               .expectEvents(new ReservationRejectedEvent(ROOM, SECOND, BOB, 3, INSUFFICIENT_CAPACITY));
    }

    @Test
    void refuses_a_reservation_of_no_units() {
        fixture.given(registered(5))
               .when(new ReserveResourceCommand(ROOM, FIRST, ALICE, 0))
               .expectException(CommandRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void ignores_a_repeated_reservation_id_instead_of_booking_twice() {
        fixture.given(registered(5), new ResourceReservedEvent(ROOM, FIRST, ALICE, 1, 1, 5))
               .when(new ReserveResourceCommand(ROOM, FIRST, ALICE, 1))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void ignores_a_repeated_reservation_id_that_was_rejected_before() {
        fixture.given(registered(1), new ResourceReservedEvent(ROOM, FIRST, ALICE, 1, 1, 1),
                      new ReservationRejectedEvent(ROOM, SECOND, BOB, 1, INSUFFICIENT_CAPACITY),
                      new ReservationReleasedEvent(ROOM, FIRST, 1, "customer"))
               .when(new ReserveResourceCommand(ROOM, SECOND, BOB, 1))
               .expectNoEvents();
    }

    @Test
    void releases_a_held_reservation() {
        fixture.given(registered(2), new ResourceReservedEvent(ROOM, FIRST, ALICE, 2, 2, 2))
               .when(new ReleaseReservationCommand(ROOM, FIRST, "customer"))
               .expectEvents(new ReservationReleasedEvent(ROOM, FIRST, 2, "customer"));
    }

    @Test
    void frees_released_units_for_the_next_reservation() {
        fixture.given(registered(1), new ResourceReservedEvent(ROOM, FIRST, ALICE, 1, 1, 1),
                      new ReservationReleasedEvent(ROOM, FIRST, 1, "customer"))
               .when(new ReserveResourceCommand(ROOM, SECOND, BOB, 1))
               .expectEvents(new ResourceReservedEvent(ROOM, SECOND, BOB, 1, 1, 1));
    }

    @Test
    void releasing_twice_changes_nothing() {
        fixture.given(registered(1), new ResourceReservedEvent(ROOM, FIRST, ALICE, 1, 1, 1),
                      new ReservationReleasedEvent(ROOM, FIRST, 1, "customer"))
               .when(new ReleaseReservationCommand(ROOM, FIRST, "customer"))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void refuses_to_release_a_reservation_it_never_saw() {
        fixture.given(registered(1))
               .when(new ReleaseReservationCommand(ROOM, FIRST, "customer"))
               .expectExceptionMessage("reservation " + FIRST + " is not known to resource " + ROOM)
               .expectNoEvents();
    }

    @Test
    void raises_capacity() {
        fixture.given(registered(2))
               .when(new ChangeCapacityCommand(ROOM, 5))
               .expectEvents(new ResourceCapacityChangedEvent(ROOM, 2, 5));
    }

    @Test
    void lowers_capacity_down_to_what_is_held() {
        fixture.given(registered(5), new ResourceReservedEvent(ROOM, FIRST, ALICE, 2, 2, 5))
               .when(new ChangeCapacityCommand(ROOM, 2))
               .expectEvents(new ResourceCapacityChangedEvent(ROOM, 5, 2));
    }

    @Test
    void refuses_to_lower_capacity_below_what_is_held() {
        fixture.given(registered(5), new ResourceReservedEvent(ROOM, FIRST, ALICE, 3, 3, 5))
               .when(new ChangeCapacityCommand(ROOM, 2))
               .expectException(CommandRefusedException.class)
               .expectExceptionDetails(new Refusal(Resource.CAPACITY_BELOW_HELD,
                       "capacity 2 is below the 3 units currently held"))
               .expectNoEvents();
    }

    @Test
    void a_lowered_capacity_rejects_what_no_longer_fits() {
        fixture.given(registered(5), new ResourceReservedEvent(ROOM, FIRST, ALICE, 1, 1, 5),
                      new ResourceCapacityChangedEvent(ROOM, 5, 1))
               .when(new ReserveResourceCommand(ROOM, SECOND, BOB, 1))
               .expectEvents(new ReservationRejectedEvent(ROOM, SECOND, BOB, 1, INSUFFICIENT_CAPACITY));
    }

    @Test
    void setting_the_same_capacity_changes_nothing() {
        fixture.given(registered(5))
               .when(new ChangeCapacityCommand(ROOM, 5))
               .expectNoEvents();
    }
}
