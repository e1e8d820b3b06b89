package dev.orderly.projection.resource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.axon.OrderlySerialization;
import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Money;
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
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.domain.resource.Resource;
import dev.orderly.projection.CommandSide;
import dev.orderly.projection.ReadModelDatabase;
import dev.orderly.query.resource.FindReservationQuery;
import dev.orderly.query.resource.FindResourceHoldersQuery;
import dev.orderly.query.resource.FindResourceQuery;
import dev.orderly.query.resource.ReservationStatus;
import dev.orderly.query.resource.ReservationView;
import dev.orderly.query.resource.ResourceView;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code Resource} aggregate and the resource read models tell the same story about every reservation. Each
 * history below is a run of commands sent to the real aggregate (Axon's command bus and event-sourcing repository);
 * every event it stores is projected into {@code reservation_status} and {@code resource_availability} on
 * PostgreSQL, and after every command: a reservation the aggregate holds is {@code CONFIRMED} with its owner and
 * quantity, one it decided and does not hold is {@code REJECTED} or {@code RELEASED} as its events say, one it never
 * decided has no row (the gateway's {@code PENDING}); the availability's capacity and held units are the aggregate's,
 * and its held units are the sum of the confirmed reservations. Refused commands are part of the histories: a
 * refusal stores nothing, and the views must not move either.
 */
class ReservationStatusAgreementTest {

    private static final Money PRICE = new Money(1500, "EUR");
    private static final CustomerId ALICE = new CustomerId("alice");
    private static final CustomerId BOB = new CustomerId("bob");

    private final ReadModelDatabase database = ReadModelDatabase.start();
    private final ReservationStatusProjection statuses = new ReservationStatusProjection(
            ReadModelDatabase.repository(ReservationStatusRepository.class, getClass().getPackageName()),
            database.writes());
    private final ResourceAvailabilityProjection availability = new ResourceAvailabilityProjection(
            ReadModelDatabase.repository(ResourceAvailabilityRepository.class, getClass().getPackageName()),
            database.writes());
    private final Map<ReservationId, ReservationClaim> claims = new HashMap<>();
    private final Map<CustomerId, Integer> apiHeld = new HashMap<>();
    private final Configuration commandSide = DefaultConfigurer.defaultConfiguration(false)
            .configureSerializer(config -> OrderlySerialization.jackson())
            .configureEmbeddedEventStore(config -> new InMemoryEventStorageEngine())
            .configureAggregate(Resource.class)
            .registerComponent(ReservationClaims.class, config -> id -> Optional.ofNullable(claims.get(id)))
            .registerComponent(CustomerHoldings.class, config -> new ApiHoldings())
            .start();

    {
        database.with(statuses).with(availability);
    }

    @AfterEach
    void stopCommandSide() {
        commandSide.shutdown();
    }

    /** The ids one history uses, fresh for each run. */
    record Ids(ResourceId resource, ReservationId first, ReservationId second, ReservationId third, OrderId order) {
    }

    /** One history: commands in the order the resource receives them. */
    record History(String name, Function<Ids, List<Object>> commands) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<History> histories() {
        return Stream.of(
                new History("granted, retried, released, released again, its units taken by another", ids -> List.of(
                        register(ids, 3),
                        reserve(ids.resource(), ids.first(), ALICE, 2),
                        reserve(ids.resource(), ids.first(), ALICE, 2),
                        release(ids, ids.first(), ALICE, null),
                        release(ids, ids.first(), ALICE, null),
                        reserve(ids.resource(), ids.second(), BOB, 3))),
                new History("full, then more capacity, then less", ids -> List.of(
                        register(ids, 1),
                        reserve(ids.resource(), ids.first(), ALICE, 1),
                        reserve(ids.resource(), ids.second(), BOB, 1),
                        new ChangeCapacityCommand(ids.resource(), 0),
                        new ChangeCapacityCommand(ids.resource(), 2),
                        reserve(ids.resource(), ids.third(), BOB, 1),
                        new ChangeCapacityCommand(ids.resource(), 1),
                        release(ids, ids.first(), ALICE, null),
                        new ChangeCapacityCommand(ids.resource(), 1),
                        release(ids, ids.second(), BOB, null))),
                new History("an order's reservations around a price change", ids -> List.of(
                        register(ids, 5),
                        new ChangePriceCommand(ids.resource(), new Money(1800, "EUR")),
                        ReserveResourceCommand.forOrder(ids.resource(), ids.first(), ALICE, 1, ids.order(), PRICE),
                        ReserveResourceCommand.forOrder(ids.resource(), ids.second(), ALICE, 2, ids.order(),
                                new Money(1800, "EUR")),
                        release(ids, ids.second(), ALICE, null),
                        release(ids, ids.second(), ALICE, ids.order()),
                        release(ids, ids.first(), ALICE, ids.order()))),
                new History("an id reused by another party, who then tries to release it", ids -> List.of(
                        register(ids, 4),
                        reserve(ids.resource(), ids.first(), ALICE, 1),
                        reserve(ids.resource(), ids.first(), BOB, 1),
                        reserve(ids.resource(), ids.first(), ALICE, 3),
                        release(ids, ids.first(), BOB, null),
                        release(ids, ids.first(), ALICE, ids.order()),
                        release(ids, ids.third(), ALICE, null))),
                new History("over the customer's quota, then within it", ids -> List.of(
                        register(ids, 10),
                        ReserveResourceCommand.forCustomer(ids.resource(), ids.first(), ALICE, 3, 2),
                        ReserveResourceCommand.forCustomer(ids.resource(), ids.second(), ALICE, 2, 2),
                        ReserveResourceCommand.forCustomer(ids.resource(), ids.third(), ALICE, 1, 2))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void the_read_models_show_what_the_aggregate_holds_after_every_command(History history) {
        Ids ids = freshIds();
        List<Object> stored = new ArrayList<>();
        for (Object command : history.commands().apply(ids)) {
            String after = "after " + describe(command) + " in '" + history + "'";
            List<Object> events = send(command, stored.size());
            stored.addAll(events);
            events.forEach(event -> database.publish("Resource", ids.resource().toString(), event));

            JsonNode aggregate = CommandSide.state(Resource.class, ids.resource().toString(), stored,
                    (ReservationClaims) id -> Optional.ofNullable(claims.get(id)), new ApiHoldings());
            for (ReservationId reservation : List.of(ids.first(), ids.second(), ids.third())) {
                assertThat(statuses.handle(new FindReservationQuery(reservation)))
                        .as("reservation " + reservation + " " + after)
                        .isEqualTo(commandSideView(aggregate, reservation, stored));
            }
            ResourceView view = availability.handle(new FindResourceQuery(ids.resource())).orElseThrow();
            assertThat(view.capacity()).as("capacity " + after).isEqualTo(aggregate.path("capacity").asInt());
            assertThat(view.held()).as("held " + after).isEqualTo(aggregate.path("held").asInt());
            assertThat(view.free()).as("free " + after).isEqualTo(view.capacity() - view.held()).isNotNegative();
            assertThat(statuses.handle(new FindResourceHoldersQuery(ids.resource())).stream()
                    .mapToInt(ReservationView::quantity).sum())
                    .as("the confirmed reservations' units, against the held units " + after)
                    .isEqualTo(view.held());
        }
    }

    @Test
    void the_histories_store_every_event_type_of_a_resource() {
        Set<Class<?>> stored = new HashSet<>();
        histories().forEach(history -> {
            Ids ids = freshIds();
            List<Object> events = new ArrayList<>();
            history.commands().apply(ids).forEach(command -> events.addAll(send(command, events.size())));
            events.forEach(event -> stored.add(event.getClass()));
        });

        assertThat(stored).containsExactlyInAnyOrderElementsOf(resourceEvents());
    }

    /**
     * What the command side says of a reservation, as the status view would show it: held by the aggregate, with its
     * owner and quantity; decided before (its claim) and not held, released or rejected as its events say; else
     * never decided. Reason and time are the view's own, taken from it.
     */
    private Optional<ReservationView> commandSideView(JsonNode aggregate, ReservationId reservation,
                                                      List<Object> stored) {
        ReservationClaim claim = claims.get(reservation);
        if (claim == null) {
            return Optional.empty();
        }
        ReservationView shown = statuses.handle(new FindReservationQuery(reservation)).orElse(null);
        JsonNode holding = aggregate.path("holdings").path(reservation.toString());
        ReservationStatus status;
        if (!holding.isMissingNode()) {
            status = ReservationStatus.CONFIRMED;
        } else if (stored.stream().anyMatch(event -> event instanceof ReservationReleasedEvent released
                && released.reservationId().equals(reservation))) {
            status = ReservationStatus.RELEASED;
        } else {
            status = ReservationStatus.REJECTED;
        }
        return Optional.of(new ReservationView(reservation.toString(), claim.resourceId().toString(),
                claim.customerId().toString(), claim.quantity(), status,
                shown == null ? null : shown.reason(), shown == null ? null : shown.updatedAt()));
    }

    /**
     * Sends {@code command} and returns the events it stored; a refusal stores none. The claims are written with the
     * decision, as the command's transaction writes them in the app.
     */
    private List<Object> send(Object command, int storedBefore) {
        try {
            commandSide.commandGateway().sendAndWait(command);
        } catch (CommandRefusedException refused) {
            return List.of();
        }
        ResourceId resource = resourceOf(command);
        List<Object> events = commandSide.eventStore().readEvents(resource.toString()).asStream()
                .skip(storedBefore).map(DomainEventMessage::getPayload).collect(Collectors.toList());
        for (Object event : events) {
            if (event instanceof ResourceReservedEvent reserved && reserved.orderId() == null) {
                apiHeld.merge(reserved.customerId(), reserved.quantity(), Integer::sum);
            } else if (event instanceof ReservationReleasedEvent released
                    && claims.get(released.reservationId()).orderId() == null) {
                apiHeld.merge(claims.get(released.reservationId()).customerId(), -released.quantity(), Integer::sum);
            }
            if (event instanceof ResourceReservedEvent reserved) {
                claims.put(reserved.reservationId(), new ReservationClaim(reserved.reservationId(),
                        reserved.resourceId(), reserved.customerId(), reserved.quantity(), reserved.orderId()));
            } else if (event instanceof ReservationRejectedEvent rejected) {
                claims.put(rejected.reservationId(), new ReservationClaim(rejected.reservationId(),
                        rejected.resourceId(), rejected.customerId(), rejected.quantity(), rejected.orderId()));
            }
        }
        return events;
    }

    /** The units each customer holds through the API, as the decisions left them (the app keeps them in a table). */
    private final class ApiHoldings implements CustomerHoldings {
        @Override
        public int heldUnits(CustomerId customerId) {
            return apiHeld.getOrDefault(customerId, 0);
        }

        @Override
        public int lockHeldUnits(CustomerId customerId) {
            return heldUnits(customerId);
        }
    }

    private static ResourceId resourceOf(Object command) {
        if (command instanceof RegisterResourceCommand register) {
            return register.resourceId();
        } else if (command instanceof ReserveResourceCommand reserve) {
            return reserve.resourceId();
        } else if (command instanceof ReleaseReservationCommand release) {
            return release.resourceId();
        } else if (command instanceof ChangeCapacityCommand change) {
            return change.resourceId();
        }
        return ((ChangePriceCommand) command).resourceId();
    }

    /** Every event type of a resource in the command API: its records named {@code ...Event}. */
    private static Set<Class<?>> resourceEvents() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new RegexPatternTypeFilter(Pattern.compile(".*Event")));
        Set<Class<?>> events = scanner.findCandidateComponents("dev.orderly.command.resource").stream()
                .map(candidate -> {
                    try {
                        return (Class<?>) Class.forName(candidate.getBeanClassName());
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException(e);
                    }
                }).collect(Collectors.toSet());
        assertThat(events).as("the scan finds the resource events").contains(ResourceReservedEvent.class);
        return events;
    }

    private static Ids freshIds() {
        return new Ids(ResourceId.of(UUID.randomUUID().toString()), ReservationId.of(UUID.randomUUID().toString()),
                ReservationId.of(UUID.randomUUID().toString()), ReservationId.of(UUID.randomUUID().toString()),
                OrderId.of(UUID.randomUUID().toString()));
    }

    private static RegisterResourceCommand register(Ids ids, int capacity) {
        return new RegisterResourceCommand(ids.resource(), "Room 101", capacity, PRICE);
    }

    private static ReserveResourceCommand reserve(ResourceId resource, ReservationId reservation, CustomerId customer,
                                                  int quantity) {
        return ReserveResourceCommand.forCustomer(resource, reservation, customer, quantity, null);
    }

    private static ReleaseReservationCommand release(Ids ids, ReservationId reservation, CustomerId customer,
                                                     OrderId order) {
        return new ReleaseReservationCommand(ids.resource(), reservation, customer, order, "done");
    }

    private static String describe(Object command) {
        String text = command.toString();
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }
}
