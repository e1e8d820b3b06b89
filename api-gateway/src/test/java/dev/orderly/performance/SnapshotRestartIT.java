package dev.orderly.performance;

import dev.orderly.command.Money;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.RegisterResourceCommand;
import dev.orderly.command.resource.ReleaseReservationCommand;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReserveResourceCommand;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.support.SharedDatabaseNodes;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A resource whose snapshot was taken keeps deciding after a restart, loaded from that snapshot: its holdings (keyed
 * by reservation id, with their owners) come back, so a held unit is released for its owner and the freed capacity
 * is granted exactly once more.
 */
class SnapshotRestartIT {

    private static final int CAPACITY = 8;
    private static final CustomerId ALICE = new CustomerId("alice");
    private static final CustomerId BOB = new CustomerId("bob");

    @Test
    void a_resource_restored_from_its_snapshot_after_a_restart_decides_on_its_holdings() throws Exception {
        try (SharedDatabaseNodes nodes = new SharedDatabaseNodes()) {
            JdbcTemplate store = new JdbcTemplate(nodes.postgres().getPostgresDatabase());
            ResourceId room = ResourceId.random();
            List<ReservationId> held = new ArrayList<>();

            ConfigurableApplicationContext first = nodes.start("node-1", "orderly.aggregates.snapshot-threshold=5");
            CommandGateway commands = first.getBean(CommandGateway.class);
            commands.sendAndWait(new RegisterResourceCommand(room, "Snapshotted", CAPACITY, new Money(900, "EUR")));
            for (int i = 0; i < 6; i++) {
                ReservationId reservation = ReservationId.random();
                commands.sendAndWait(ReserveResourceCommand.forCustomer(room, reservation, ALICE, 1, null));
                held.add(reservation);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> store.queryForObject(
                    "SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?", Integer.class,
                    room.toString()) > 0);
            first.close();

            ConfigurableApplicationContext second = nodes.start("node-2");
            commands = second.getBean(CommandGateway.class);
            commands.sendAndWait(new ReleaseReservationCommand(room, held.get(0), ALICE, null, "changed plans"));
            CommandGateway restarted = commands;
            assertThatThrownBy(() -> restarted.sendAndWait(
                    new ReleaseReservationCommand(room, held.get(1), BOB, null, "not mine")))
                    .hasMessageContaining("is not known");
            for (int i = 0; i < 4; i++) {
                commands.sendAndWait(ReserveResourceCommand.forCustomer(room, ReservationId.random(), BOB, 1, null));
            }

            List<String> afterRestart = store.queryForList("""
                    SELECT substring(payloadtype from '[^.]+$') FROM domainevententry
                    WHERE aggregateidentifier = ? AND sequencenumber > 6 ORDER BY sequencenumber""", String.class,
                    room.toString());
            // one unit released by its owner (Bob's release of Alice's unit is refused), so 3 of the 4 fit
            assertThat(afterRestart).containsExactly("ReservationReleasedEvent", "ResourceReservedEvent",
                    "ResourceReservedEvent", "ResourceReservedEvent", "ReservationRejectedEvent");
        }
    }
}
