package dev.orderly.faults;

import dev.orderly.query.order.OrderView;
import dev.orderly.saga.order.OrderFulfilmentSaga;
import dev.orderly.support.JavaProcess;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite's smoke subset, run by every {@code mvn verify}: scenarios 1 (kill -9 mid-saga and restart),
 * 5 (payment provider chaos, with and without the provider's duplicate detection), 6 (twenty clients on two nodes
 * race for the last unit) and 7 (a poison event: a projection parks it, the saga blocks and retries, the fix
 * converges). They share one PostgreSQL, one sandbox and their nodes, so the suite pays for starting them once; each
 * scenario records its own history, attackers included, and the checker proves all thirteen invariants over the
 * whole store after each. In {@code mvn verify} the scenarios are small ({@link Load.Size#smoke()}); in the
 * {@code faults} profile each runs at least 500 operations ({@link Load.Size#full()}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSmokeIT {

    static final String TIMEOUT_AFTER_CAPTURE = "4000000000000077";
    static final String FAILS_TWICE_500 = "4000000000000119";
    static final String FAILS_TWICE_503 = "4000000000000503";
    static final String RESET_AFTER_CAPTURE = "4000000000000266";

    Cluster cluster;
    int portA;
    int portB;
    String shelf;
    final Load.Size size = Load.Size.smoke();

    /** One PostgreSQL, one sandbox and two nodes for every smoke scenario; the nodes start at once. */
    @BeforeAll
    void start() {
        cluster = Cluster.start(Path.of("target", "faults", "smoke-processes"), "--ship-delay=1s",
                "--slow-answer-delay=4s");
        cluster.migrate();
        portA = JavaProcess.freePort();
        portB = JavaProcess.freePort();
        cluster.startNodes(java.util.Map.of("node-a", portA, "node-b", portB));
        shelf = new TestApi(portA).registerResource("Fault shelf", 1_000_000);
    }

    @AfterAll
    void stop() throws Exception {
        cluster.close();
    }

    private Load load(History history, String reservations, List<String> cards, String prefix) {
        return new Load(history, cluster, shelf, reservations, cards, prefix).size(size);
    }

    /** How long a fault lasts: the one timed wait of the suite, the fault's own length, not a guess at the system. */
    private static void hold(Duration fault) {
        await().pollDelay(fault).atMost(fault.plusSeconds(5)).until(() -> true);
    }

    @Test
    @Order(1)
    void s1_kill_9_of_a_node_mid_saga_then_a_restart() throws Exception {
        History history = new History();
        String small = new TestApi(portA).registerResource("s1 small", 5);
        try (Load load = load(history, small, List.of(TestOrders.GOOD_CARD), "s1").start(3)) {
            load.awaitOperations(8);
            // mid-saga: some orders placed by this load are paid or picking, not yet ended
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> openSagas() > 0);
            cluster.kill("node-a");
            history.fault("kill -9 node-a mid-saga (" + openSagas() + " sagas open)");
            Cluster.Node restarted = cluster.startNode("node-a", portA);
            history.fault("restart node-a at once; node-b takes the load meanwhile");
            load.awaitOperations(6);
            Cluster.awaitReady(restarted);
            load.awaitOperations(4).awaitSize();
        }
        assertInvariants("s1-kill-mid-saga", history, Checker.Expect.standard());
    }

    private long openSagas() throws Exception {
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM associationvalueentry "
                     + "WHERE associationkey = 'orderId'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    @Order(2)
    void s5_payment_provider_chaos_with_and_without_its_duplicate_detection() throws Exception {
        History history = new History();
        TestApi sandbox = cluster.sandbox();
        List<String> chaos = List.of(TestOrders.GOOD_CARD, TIMEOUT_AFTER_CAPTURE, FAILS_TWICE_500, FAILS_TWICE_503,
                RESET_AFTER_CAPTURE, TestOrders.DECLINED_CARD);
        try (Load load = load(history, null, chaos, "s5").start(2)) {
            history.fault("cards: timeout after capture, 500 twice, 503 twice, reset after capture, declined");
            load.awaitOperations(8);
            sandbox.post("/admin/outage", "{\"enabled\":true}");
            history.fault("provider outage 14 s (payment deadline 12 s)");
            hold(Duration.ofSeconds(14));
            sandbox.post("/admin/outage", "{\"enabled\":false}");
            sandbox.post("/admin/dedupe", "{\"enabled\":false}");
            history.fault("provider duplicate detection off");
            load.awaitOperations(8).awaitSize();
        }
        try {
            assertInvariants("s5a-payment-chaos", history, Checker.Expect.standard());
            // The shipped orders are those whose notice the warehouse delivered; each gets its notice once more.
            java.util.Set<String> shipped = new java.util.LinkedHashSet<>();
            for (var delivery : sandbox.get("/warehouse/deliveries").body().path("data")) {
                if (!delivery.path("redelivery").asBoolean() && delivery.path("status").isInt()
                        && delivery.path("status").asInt() / 100 == 2) {
                    shipped.add(delivery.path("orderReference").asText());
                }
            }
            int redelivered = 0;
            for (String orderReference : shipped) {
                if (redelivered < 5 && sandbox.post("/admin/warehouse/redeliver?orderReference=" + orderReference,
                        "{}").status() == 202) {
                    redelivered++;
                }
            }
            assertThat(redelivered).as("shipped orders whose notice could be sent again").isPositive();
            history.fault("duplicate shipment callback for " + redelivered + " shipped orders");
            int expected = redelivered;
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                int answered = 0;
                for (var delivery : sandbox.get("/warehouse/deliveries").body().path("data")) {
                    if (delivery.path("redelivery").asBoolean() && delivery.path("status").isInt()
                            && delivery.path("status").asInt() / 100 == 2) {
                        answered++;
                    }
                }
                return answered >= expected;
            });
            assertInvariants("s5b-duplicate-callbacks", history, Checker.Expect.standard());
        } finally {
            sandbox.post("/admin/dedupe", "{\"enabled\":true}");
        }
    }

    @Test
    @Order(3)
    void s6_twenty_clients_on_two_nodes_race_for_the_last_unit() throws Exception {
        History history = new History();
        TestApi api = new TestApi(portA);
        String room = api.registerResource("s6 last unit", 3);
        List<Cluster.Node> nodes = List.of(cluster.node("node-a"), cluster.node("node-b"));
        Load load = load(history, room, List.of(TestOrders.GOOD_CARD), "s6").nodes(() -> nodes)
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i < 2; i++) {
            assertThat(load.reserve("setup", nodes.get(i), room).outcome()).isEqualTo(History.Outcome.OK);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/resources/" + room).body().path("held").asInt()).isEqualTo(2));
        // the ordinary load and the attackers go on beside the race, on resources of their own
        List<String> raced = new ArrayList<>();
        try (Load beside = load(history, api.registerResource("s6 beside", 5), List.of(TestOrders.GOOD_CARD), "s6b")
                .nodes(() -> nodes).start(1)) {
            beside.awaitOperations(2);
            ExecutorService pool = Executors.newFixedThreadPool(20);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<History.Op>> racers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Cluster.Node node = nodes.get(i % 2);
                String client = "racer-" + i;
                racers.add(pool.submit(() -> {
                    go.await();
                    return load.reserve(client, node, room);
                }));
            }
            history.fault("20 clients on 2 nodes race for the last unit");
            go.countDown();
            for (Future<History.Op> racer : racers) {
                raced.add(racer.get().key());
            }
            pool.shutdown();
            beside.awaitOperations(2).awaitSize();
        }
        assertInvariants("s6-last-unit-race", history, Checker.Expect.standard());
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("""
                     SELECT coalesce(convert_from(payload, 'UTF8')::jsonb #>> '{reservationId,value}',
                            convert_from(payload, 'UTF8')::jsonb ->> 'reservationId') FROM domainevententry
                     WHERE aggregateidentifier = '%s' AND payloadtype LIKE '%%.ResourceReservedEvent'""".formatted(
                     room))) {
            List<String> winners = new ArrayList<>();
            while (rows.next()) {
                if (raced.contains(rows.getString(1))) {
                    winners.add(rows.getString(1));
                }
            }
            assertThat(winners).as("racers that got the last unit").hasSize(1);
        }
    }

    @Test
    @Order(4)
    void s7_a_poison_event_is_parked_by_a_projection_and_blocks_the_saga_until_fixed() throws Exception {
        History history = new History();
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE OR REPLACE FUNCTION faults_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'poison: % refused by the fault suite', TG_TABLE_NAME; END $$;
                    CREATE TRIGGER faults_poison_view BEFORE INSERT ON order_view FOR EACH ROW
                      WHEN (NEW.email LIKE 'poison%') EXECUTE FUNCTION faults_poison();
                    CREATE TRIGGER faults_poison_saga BEFORE INSERT ON effect_ledger FOR EACH ROW
                      WHEN (NEW.recipient LIKE 'poison%') EXECUTE FUNCTION faults_poison();""");
        }
        history.fault("poison: order_view refuses the order's row; effect_ledger refuses its saga's e-mail");
        TestApi api = new TestApi(portA);
        String customer = "poison-" + UUID.randomUUID().toString().substring(0, 8);
        TestApi.Response poisoned = api.post("/api/orders", TestOrders.orderJsonWithToken(shelf, 1, customer,
                customer + "@faults.test", TestSandbox.tokenFor(cluster.sandboxUrl(), TestOrders.GOOD_CARD)));
        assertThat(poisoned.status()).isEqualTo(202);
        history.complete(new History.Op(history.invoke(), "poisoner", History.Type.PLACE_ORDER, customer, customer,
                1, null, "node-a", System.currentTimeMillis(), System.currentTimeMillis(), History.Outcome.OK, 202,
                null, poisoned.text("orderId")));
        String poisonOrder = poisoned.text("orderId");
        try (Load load = load(history, null, List.of(TestOrders.GOOD_CARD), "s7").start(2)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                    assertThat(api.get("/api/ops/dead-letters").body().path(OrderView.PROCESSING_GROUP)
                            .findValuesAsText("cause"))
                            .as("order-views dead letters").anyMatch(cause -> cause.contains("poison")));
            // the saga group blocks on the refused e-mail: its processor reports the error and retries
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(this::sagaInError);
            load.awaitOperations(6);
        }
        // the projection went on: the orders placed after the poison are shown
        for (History.Op later : history.ops().stream().filter(op -> op.outcome() == History.Outcome.OK
                && op.key().startsWith("s7")).toList()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/orders/" + later.detail()).status()
                    == 200);
        }
        // the parked order has no row (the API may still answer for it from the command side)
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT count(*) FROM order_view WHERE order_id = '" + poisonOrder
                     + "'")) {
            rows.next();
            assertThat(rows.getLong(1)).as("order_view rows of the parked order").isZero();
        }
        // the saga never skipped: the poisoned order is paid but not confirmed while the saga is blocked
        // The failing segment moves between the nodes as each gives up its claim to retry, and a node reports only
        // the segments it holds: some node reports the error, whichever holds it at the time.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(this::sagaInError);
        assertThat(eventTypes(poisonOrder)).contains("OrderPlacedEvent")
                .doesNotContain("OrderConfirmedEvent", "OrderCancelledEvent");

        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TRIGGER faults_poison_view ON order_view;"
                    + "DROP TRIGGER faults_poison_saga ON effect_ledger; DROP FUNCTION faults_poison();");
        }
        history.fault("fix: triggers dropped; order-views dead letters retried");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> api.post(
                "/api/ops/dead-letters/order-views/retry", "{}").body().path("remaining").asLong() == 0);
        if (history.size() < size.minimum()) {
            // at full size the scenario goes on after the fix, until its history holds its operations
            try (Load after = load(history, null, List.of(TestOrders.GOOD_CARD), "s7-fixed").start(2)) {
                after.awaitSize();
            }
        }
        assertInvariants("s7-poison-event", history, Checker.Expect.standard());
        assertThat(api.get("/api/orders/" + poisonOrder).text("status")).isEqualTo("SHIPPED");
        assertThat(eventTypes(poisonOrder)).contains("OrderConfirmedEvent", "OrderShippedEvent");
    }

    /** Whether either node reports the saga processor in error. */
    private boolean sagaInError() {
        return sagaProcessor(new TestApi(portA)).path("error").asBoolean()
                || sagaProcessor(new TestApi(portB)).path("error").asBoolean();
    }

    private static com.fasterxml.jackson.databind.JsonNode sagaProcessor(TestApi api) {
        for (var processor : api.get("/api/ops/processors").body()) {
            if (processor.path("name").asText().equals(OrderFulfilmentSaga.PROCESSING_GROUP)) {
                return processor;
            }
        }
        throw new AssertionError("no OrderFulfilmentSagaProcessor in /api/ops/processors");
    }

    private String eventTypes(String aggregate) throws Exception {
        try (Connection connection = cluster.connect(); Statement statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT coalesce(string_agg(payloadtype, ','), '') "
                     + "FROM domainevententry WHERE aggregateidentifier = '" + aggregate + "'")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private void assertInvariants(String scenario, History history, Checker.Expect expect) throws Exception {
        Checker.Report report = Checker.check(scenario, history, cluster, expect);
        assertThat(report.passed()).as("invariants of %s:%n%s", scenario, report.failures()).isTrue();
        assertThat(history.count(History.Outcome.OK)).as("ok operations").isPositive();
        assertThat(history.attacks()).as("attacks").isPositive();
        assertThat(history.size()).as("operations").isGreaterThanOrEqualTo(size.minimum());
    }
}
