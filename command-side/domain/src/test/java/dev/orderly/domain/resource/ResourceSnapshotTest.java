package dev.orderly.domain.resource;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.resource.ChangeCapacityCommand;
import dev.orderly.command.resource.ChangePriceCommand;
import dev.orderly.command.resource.CustomerHoldings;
import dev.orderly.command.resource.CustomerId;
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
import dev.orderly.domain.Snapshots;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resource restored from its snapshot, through Orderly's serializer, decides every command as the resource replayed
 * from its events: each scenario runs on both. The history leaves holdings keyed by reservation id (one of an
 * order), a released and re-decided id, and a changed capacity and price.
 */
class ResourceSnapshotTest {

    private static final ResourceId ROOM = ResourceId.of("00000000-0000-0000-0000-0000000000a1");
    private static final ReservationId RELEASED = ReservationId.of("00000000-0000-0000-0000-000000000001");
    private static final ReservationId ORDERS = ReservationId.of("00000000-0000-0000-0000-000000000002");
    private static final ReservationId ALICES = ReservationId.of("00000000-0000-0000-0000-000000000003");
    private static final ReservationId NEW = ReservationId.of("00000000-0000-0000-0000-000000000004");
    private static final CustomerId ALICE = new CustomerId("alice");
    private static final CustomerId BOB = new CustomerId("bob");
    private static final CustomerId CAROL = new CustomerId("carol");
    private static final OrderId ORDER = OrderId.of("00000000-0000-0000-0000-0000000000c1");
    private static final Money PRICE = new Money(1500, "EUR");
    private static final Money NEW_PRICE = new Money(1800, "EUR");

    private static final List<Object> HISTORY = List.of(
            new ResourceRegisteredEvent(ROOM, "Room 101", 3, PRICE),
            new ResourceReservedEvent(ROOM, RELEASED, ALICE, 2, 2, 3, null, PRICE),
            new ResourceReservedEvent(ROOM, ORDERS, BOB, 1, 3, 3, ORDER, PRICE),
            new ReservationReleasedEvent(ROOM, RELEASED, 2, "changed plans", null),
            new ResourceReservedEvent(ROOM, ALICES, ALICE, 1, 2, 3, null, PRICE),
            new ResourceCapacityChangedEvent(ROOM, 3, 4),
            new ResourcePriceChangedEvent(ROOM, PRICE, NEW_PRICE));

    /** What the claims lookup holds after that history: every id decided, whatever became of it. */
    private static final Map<ReservationId, ReservationClaim> CLAIMS = Map.of(
            RELEASED, new ReservationClaim(RELEASED, ROOM, ALICE, 2, null),
            ORDERS, new ReservationClaim(ORDERS, ROOM, BOB, 1, ORDER),
            ALICES, new ReservationClaim(ALICES, ROOM, ALICE, 1, null));
    private static final ReservationClaims CLAIMED = id -> Optional.ofNullable(CLAIMS.get(id));
    private static final CustomerHoldings NONE_HELD = new CustomerHoldings() {
        @Override
        public int heldUnits(CustomerId customerId) {
            return 0;
        }

        @Override
        public int lockHeldUnits(CustomerId customerId) {
            return 0;
        }
    };

    static List<String> sources() {
        return List.of("replayed from its events", "restored from its snapshot");
    }

    private static DomainEventMessage<Resource> snapshot() {
        return Snapshots.of(Resource.class, ROOM.toString(), HISTORY, CLAIMED, NONE_HELD);
    }

    /** The fixture, given the history or its snapshot (a fresh one each time: the fixture mutates what it loads). */
    private static FixtureConfiguration<Resource> fixture() {
        FixtureConfiguration<Resource> fixture = new AggregateTestFixture<>(Resource.class);
        fixture.registerInjectableResource(CLAIMED);
        fixture.registerInjectableResource(NONE_HELD);
        return fixture;
    }

    private static org.axonframework.test.aggregate.TestExecutor<Resource> given(String source) {
        FixtureConfiguration<Resource> fixture = fixture();
        if (source.startsWith("replayed")) {
            return fixture.given(HISTORY);
        }
        // the fixture checks a command's state change by sourcing the aggregate again, from the very same snapshot
        // instance the command has just changed: that check says nothing about snapshots
        fixture.setReportIllegalStateChange(false);
        return fixture.given(List.of(snapshot()));
    }

    @Test
    void the_snapshot_keys_holdings_by_the_plain_reservation_id_and_keeps_only_active_ones() {
        String json = Snapshots.json(snapshot());

        assertThat(json).contains("\"" + ORDERS + "\":", "\"" + ALICES + "\":").doesNotContain(RELEASED.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void grants_what_the_changed_capacity_left_free_at_the_changed_price(String source) {
        given(source).when(ReserveResourceCommand.forCustomer(ROOM, NEW, CAROL, 2, null))
                .expectEvents(new ResourceReservedEvent(ROOM, NEW, CAROL, 2, 4, 4, null, NEW_PRICE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void rejects_more_than_is_free(String source) {
        given(source).when(ReserveResourceCommand.forCustomer(ROOM, NEW, CAROL, 3, null))
                .expectEvents(new ReservationRejectedEvent(ROOM, NEW, CAROL, 3,
                        ReservationRejectedEvent.INSUFFICIENT_CAPACITY, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void releases_a_customers_holding_for_that_customer(String source) {
        given(source).when(new ReleaseReservationCommand(ROOM, ALICES, ALICE, null, "done"))
                .expectEvents(new ReservationReleasedEvent(ROOM, ALICES, 1, "done", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void releases_an_orders_holding_for_that_order(String source) {
        given(source).when(new ReleaseReservationCommand(ROOM, ORDERS, BOB, ORDER, "order cancelled"))
                .expectEvents(new ReservationReleasedEvent(ROOM, ORDERS, 1, "order cancelled", ORDER));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void refuses_a_release_by_someone_else(String source) {
        given(source).when(new ReleaseReservationCommand(ROOM, ALICES, BOB, null, "mine now"))
                .expectException(CommandRefusedException.class)
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void a_release_repeated_after_the_units_went_back_changes_nothing(String source) {
        given(source).when(new ReleaseReservationCommand(ROOM, RELEASED, ALICE, null, "again"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void a_repeated_request_for_a_held_reservation_changes_nothing(String source) {
        given(source).when(ReserveResourceCommand.forCustomer(ROOM, ALICES, ALICE, 1, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void refuses_a_held_reservation_id_reused_by_someone_else(String source) {
        given(source).when(ReserveResourceCommand.forCustomer(ROOM, ALICES, CAROL, 1, null))
                .expectException(CommandRefusedException.class)
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void refuses_a_capacity_below_what_is_held(String source) {
        given(source).when(new ChangeCapacityCommand(ROOM, 1))
                .expectException(CommandRefusedException.class)
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void setting_the_current_price_and_capacity_changes_nothing(String source) {
        given(source).when(new ChangePriceCommand(ROOM, NEW_PRICE)).expectNoEvents();
        given(source).when(new ChangeCapacityCommand(ROOM, 4)).expectNoEvents();
    }
}
