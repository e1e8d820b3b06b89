package dev.orderly.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.payment.PaymentView;
import dev.orderly.query.resource.ReservationView;
import dev.orderly.query.resource.ResourceView;
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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite's long scenarios, run only with {@code -Pfaults}: 8 (two nodes start at once on an empty
 * database), 3 (a zombie node), 4 (PostgreSQL crashes and restarts under load; every app connection is terminated),
 * 2 (one of two nodes killed for good) and 9 (read models rebuilt from the tail under load, with node-b back). They
 * share one PostgreSQL, one sandbox and two nodes, in that order; each runs at least 500 operations, attackers
 * included ({@link Load.Size#full()}), and the checker proves all thirteen invariants over the whole store after each.
 */
@Tag("faults-full")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultFullIT {

    Cluster cluster;
    int portA;
    int portB;
    String shelf;
    final Load.Size size = Load.Size.full();

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
        return new Load(history, cluster, shelf, null, List.of(TestOrders.GOOD_CARD), prefix).size(size);
    }

    @Test
    @Order(1)
    void s8_both_nodes_start_at_once_on_an_empty_database() throws Exception {
        History history = new History();
        history.fault("node-a and node-b start at once on an empty database (no schema, no tokens)");
        cluster.startNodes(Map.of("node-a", portA, "node-b", portB));
        shelf = new TestApi(portA).registerResource("Full shelf", 1_000_000);
        try (Load load = load(history, "s8").start(2)) {
            load.awaitOperations(10).awaitSize();
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
            load.awaitOperations(8).awaitSize();
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
            load.awaitOperations(6).awaitSize();
        }
        assertInvariants("s4-postgres-crash", history, Checker.Expect.standard().withDatabaseOutage());
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
            load.awaitOperations(10).awaitSize();
        }
        assertInvariants("s2-node-lost", history);
        assertThat(cluster.liveNodes()).extracting(Cluster.Node::name).containsExactly("node-a");
    }

    @Test
    @Order(5)
    void s9_read_models_rebuilt_from_the_tail_under_load_are_identical_and_repeat_no_effect() throws Exception {
        History history = new History();
        // Every order so far is terminal and the system quiet (the checker of s2 waited for it): what they show and
        // what they caused outside must come out of the replay byte for byte the same.
        Map<String, String> readModels = readModels();
        Map<String, String> effects = effects();
        Map<String, String> rowVersions = rows("SELECT order_id, xmin::text FROM order_view");
        Cluster.Node nodeB = cluster.startNode("node-b", portB);
        Cluster.awaitReady(nodeB);
        history.fault("node-b started again: two nodes share the segments");
        String small = new TestApi(portA).registerResource("s9 small", 5);
        // node-a took every segment over in s2 and keeps them: the replays go to node-b, which holds none
        TestApi api = nodeB.api();
        try (Load load = new Load(history, cluster, shelf, small, List.of(TestOrders.GOOD_CARD), "s9").size(size)
                .start(2)) {
            load.awaitOperations(6);
            for (String projection : List.of(OrderView.PROCESSING_GROUP, PaymentView.PROCESSING_GROUP,
                    ReservationView.PROCESSING_GROUP, ResourceView.PROCESSING_GROUP)) {
                TestApi.Response replayed = api.post("/api/ops/processors/" + projection + "/replay", "{}");
                history.fault("replay " + projection + " via node-b: " + replayed.status()
                        + (replayed.status() == 202 ? "" : " " + replayed.text("type")));
                if (replayed.status() == 409) {
                    // node-a holds its segments: take its claims over in the reset's own transaction
                    replayed = api.post("/api/ops/processors/" + projection + "/replay?takeOver=true", "{}");
                    history.fault("replay " + projection + " via node-b taking node-a's claims over: "
                            + replayed.status());
                }
                assertThat(replayed.status()).as(projection + ": " + replayed.body()).isEqualTo(202);
                load.awaitOperations(3);
            }
            load.awaitOperations(8).awaitSize();
        }
        assertInvariants("s9-projection-replay", history);
        // rebuilt: every row of the earlier orders was written anew, and is what it was
        Map<String, String> rewritten = rows("SELECT order_id, xmin::text FROM order_view");
        assertThat(rowVersions).allSatisfy((order, version) ->
                assertThat(rewritten.get(order)).as("row version of " + order).isNotEqualTo(version));
        Map<String, String> readModelsAfter = readModels();
        assertThat(readModels).allSatisfy((key, row) -> assertThat(readModelsAfter.get(key)).as(key)
                .isEqualTo(row));
        Map<String, String> effectsAfter = effects();
        assertThat(effects).allSatisfy((key, effect) -> assertThat(effectsAfter.get(key)).as(key)
                .isEqualTo(effect));
    }

    /** The rows of the replayed read models, whole, by key. */
    private Map<String, String> readModels() throws Exception {
        Map<String, String> rows = new TreeMap<>();
        rows.putAll(rows("SELECT 'order_view ' || order_id, row_to_json(v)::text FROM order_view v"));
        rows.putAll(rows("SELECT 'order_timeline ' || event_id, row_to_json(t)::text FROM order_timeline t"));
        rows.putAll(rows("SELECT 'payment_view ' || payment_id, row_to_json(p)::text FROM payment_view p"));
        rows.putAll(rows("SELECT 'payment_history ' || payment_id || ' ' || sequence, row_to_json(h)::text "
                + "FROM payment_history h"));
        rows.putAll(rows("SELECT 'reservation_status ' || reservation_id, row_to_json(r)::text "
                + "FROM reservation_status r"));
        return rows;
    }

    /** What happened outside, by key: the effect ledger, and the sandbox's payments, picklists and e-mails. */
    private Map<String, String> effects() throws Exception {
        Map<String, String> effects = new TreeMap<>(rows("SELECT 'effect_ledger ' || subject_id || ' ' || kind "
                + "|| ' ' || step, row_to_json(e)::text FROM effect_ledger e"));
        TestApi sandbox = cluster.sandbox();
        for (JsonNode entry : sandbox.get("/v1/ledger").body().path("data")) {
            effects.merge("payment " + entry.path("orderReference").asText(), entry.toString(), String::concat);
        }
        for (JsonNode picklist : sandbox.get("/warehouse/picklists").body().path("data")) {
            effects.merge("picklist " + picklist.path("orderReference").asText(), picklist.toString(),
                    String::concat);
        }
        for (JsonNode mail : sandbox.get("/mail/messages").body().path("data")) {
            effects.merge("mail " + mail.path("to").path(0).asText() + " / " + mail.path("subject").asText(),
                    mail.path("messageId").asText(), String::concat);
        }
        return effects;
    }

    private Map<String, String> rows(String sql) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.put(result.getString(1), result.getString(2));
            }
        }
        return rows;
    }

    private void assertInvariants(String scenario, History history) throws Exception {
        assertInvariants(scenario, history, Checker.Expect.standard());
    }

    private void assertInvariants(String scenario, History history, Checker.Expect expect) throws Exception {
        Checker.Report report = Checker.check(scenario, history, cluster, expect);
        assertThat(report.passed()).as("invariants of %s:%n%s", scenario, report.failures()).isTrue();
        assertThat(history.count(History.Outcome.OK)).as("ok operations").isPositive();
        assertThat(history.attacks()).as("attacks").isPositive();
        assertThat(history.size()).as("operations").isGreaterThanOrEqualTo(size.minimum());
    }
}
