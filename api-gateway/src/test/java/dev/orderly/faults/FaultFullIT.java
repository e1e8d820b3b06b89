package dev.orderly.faults;

import dev.orderly.support.JavaProcess;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite's long scenarios, run only with {@code -Pfaults}: 8 (two nodes start at once on an empty
 * database), 3 (a zombie node), 4 (PostgreSQL crashes and restarts under load; every app connection is terminated)
 * and 2 (one of two nodes killed for good). They share one PostgreSQL, one sandbox and two nodes, in that order;
 * the checker proves all ten invariants over the whole store after each.
 */
@Tag("faults-full")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultFullIT {

    Cluster cluster;
    int portA;
    int portB;
    String shelf;

    @BeforeAll
    void start() {
        cluster = Cluster.start(Path.of("target", "faults", "full-processes"), "--ship-delay=1s",
                "--slow-answer-delay=4s");
        portA = JavaProcess.freePort();
        portB = JavaProcess.freePort();
    }

    @AfterAll
    void stop() throws Exception {
        cluster.close();
    }

    private static void hold(Duration fault) {
        await().pollDelay(fault).atMost(fault.plusSeconds(5)).until(() -> true);
    }

    private Load load(History history, String prefix) {
        return new Load(history, cluster::liveNodes, shelf, null, List.of(TestOrders.GOOD_CARD), prefix);
    }

    @Test
    @Order(1)
    void s8_both_nodes_start_at_once_on_an_empty_database() throws Exception {
        History history = new History();
        history.fault("node-a and node-b start at once on an empty database (no schema, no tokens)");
        cluster.startNodes(Map.of("node-a", portA, "node-b", portB));
        shelf = new TestApi(portA).registerResource("Full shelf", 1_000_000);
        try (Load load = load(history, "s8").start(2)) {
            load.awaitOperations(10);
        }
        assertInvariants("s8-simultaneous-start", history);
    }

    @Test
    @Order(2)
    void s3_a_zombie_node_paused_for_three_claim_timeouts_then_resumed() throws Exception {
        History history = new History();
        try (Load load = load(history, "s3").start(2)) {
            load.awaitOperations(6);
            cluster.pause("node-a");
            history.fault("SIGSTOP node-a for 15 s (3x the 5 s token claim timeout)");
            hold(Duration.ofSeconds(15));
            cluster.resume("node-a");
            history.fault("SIGCONT node-a");
            load.awaitOperations(8);
        }
        assertInvariants("s3-zombie", history);
    }

    @Test
    @Order(3)
    void s4_postgres_crashes_and_restarts_under_load_then_backends_are_terminated() throws Exception {
        History history = new History();
        try (Load load = load(history, "s4").start(2)) {
            load.awaitOperations(6);
            cluster.crashAndRestartPostgres();
            history.fault("PostgreSQL SIGKILLed (postmaster and backends) and restarted on the same data");
            load.awaitOperations(6);
            int terminated = cluster.terminateBackends();
            history.fault("pg_terminate_backend on " + terminated + " app connections");
            load.awaitOperations(6);
        }
        assertInvariants("s4-postgres-crash", history);
        // The app recovers by itself: every node reports healthy again, without a restart (a processor that failed
        // while the database was away shows in health until its next successful batch).
        for (Cluster.Node node : cluster.liveNodes()) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(node.api().get("/actuator/health").status()).as(node.name() + " health: "
                            + node.api().get("/actuator/health").body()).isEqualTo(200));
        }
    }

    @Test
    @Order(4)
    void s2_one_of_two_nodes_is_killed_for_good() throws Exception {
        History history = new History();
        try (Load load = load(history, "s2").start(2)) {
            load.awaitOperations(6);
            cluster.kill("node-b");
            history.fault("kill -9 node-b for good; node-a must take over its segments and due deadlines");
            load.awaitOperations(10);
        }
        assertInvariants("s2-node-lost", history);
        assertThat(cluster.liveNodes()).extracting(Cluster.Node::name).containsExactly("node-a");
    }

    private void assertInvariants(String scenario, History history) throws Exception {
        Checker.Report report = Checker.check(scenario, history, cluster, Checker.Expect.standard());
        assertThat(report.passed()).as("invariants of %s:%n%s", scenario, report.failures()).isTrue();
        assertThat(history.count(History.Outcome.OK)).as("ok operations").isPositive();
    }
}
