package dev.orderly.performance;

import dev.orderly.axon.aggregate.VerifiedCachingRepository;
import dev.orderly.command.Money;
import dev.orderly.command.resource.ChangeCapacityCommand;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.RegisterResourceCommand;
import dev.orderly.command.resource.ReleaseReservationCommand;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReserveResourceCommand;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.support.SharedDatabaseNodes;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes share one event store, and each caches the aggregates it decided on. Node A holds a resource in its
 * cache; node B changes it; A then decides a command that, on A's stale copy, would emit nothing at all, so the
 * event store's unique key would never catch it. A must decide on the state B left.
 */
class AggregateCacheTwoNodesIT {

    private static final Money PRICE = new Money(1500, "EUR");
    private static final CustomerId ALICE = new CustomerId("alice");
    private static final CustomerId BOB = new CustomerId("bob");

    static SharedDatabaseNodes nodes;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static JdbcTemplate store;

    @BeforeAll
    static void startTwoNodesOnOneDatabase() {
        nodes = new SharedDatabaseNodes();
        nodeA = nodes.start("node-a");
        nodeB = nodes.start("node-b");
        store = new JdbcTemplate(nodes.postgres().getPostgresDatabase());
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.close();
    }

    private static CommandGateway commands(ConfigurableApplicationContext node) {
        return node.getBean(CommandGateway.class);
    }

    private static boolean cached(ConfigurableApplicationContext node, ResourceId resource) {
        return node.getBean("resourceRepository", VerifiedCachingRepository.class).holds(resource.toString());
    }

    private static List<String> eventsOf(ResourceId resource) {
        return store.queryForList("""
                SELECT substring(payloadtype from '[^.]+$') FROM domainevententry
                WHERE aggregateidentifier = ? ORDER BY sequencenumber""", String.class, resource.toString());
    }

    @Test
    void a_release_on_node_a_of_units_node_b_reserved_frees_them() {
        ResourceId room = ResourceId.random();
        ReservationId reservation = ReservationId.random();
        commands(nodeA).sendAndWait(new RegisterResourceCommand(room, "Last room", 1, PRICE));
        assertThat(cached(nodeA, room)).as("node A holds the resource before node B changes it").isTrue();

        commands(nodeB).sendAndWait(ReserveResourceCommand.forCustomer(room, reservation, ALICE, 1, null));
        // on A's stale copy nothing is held: the claim says the id was decided for Alice, so this looks like a
        // release repeated after the units went back, and would change nothing
        commands(nodeA).sendAndWait(new ReleaseReservationCommand(room, reservation, ALICE, null, "changed plans"));
        commands(nodeB).sendAndWait(ReserveResourceCommand.forCustomer(room, ReservationId.random(), BOB, 1, null));

        assertThat(eventsOf(room)).containsExactly("ResourceRegisteredEvent", "ResourceReservedEvent",
                "ReservationReleasedEvent", "ResourceReservedEvent");
    }

    @Test
    void a_capacity_change_on_node_a_back_to_what_its_copy_says_is_not_taken_for_a_repeat() {
        ResourceId room = ResourceId.random();
        commands(nodeA).sendAndWait(new RegisterResourceCommand(room, "Hall", 5, PRICE));
        assertThat(cached(nodeA, room)).as("node A holds the resource before node B changes it").isTrue();

        commands(nodeB).sendAndWait(new ChangeCapacityCommand(room, 3));
        // A's stale copy still says 5: setting 5 would look like no change at all
        commands(nodeA).sendAndWait(new ChangeCapacityCommand(room, 5));

        assertThat(eventsOf(room)).containsExactly("ResourceRegisteredEvent", "ResourceCapacityChangedEvent",
                "ResourceCapacityChangedEvent");
        assertThat(store.queryForObject("""
                SELECT convert_from(payload, 'UTF8')::json ->> 'capacity' FROM domainevententry
                WHERE aggregateidentifier = ? ORDER BY sequencenumber DESC LIMIT 1""", String.class, room.toString()))
                .isEqualTo("5");
    }
}
