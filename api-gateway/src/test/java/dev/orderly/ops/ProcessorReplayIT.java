package dev.orderly.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.query.monitor.MonitorStatusView;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.payment.PaymentView;
import dev.orderly.saga.order.OrderFulfilmentSaga;
import dev.orderly.saga.payment.PaymentProcessor;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/ops/processors/{name}/replay}: a read model is rebuilt from the tail, equal to what it was, and
 * its live-status {@code NOTIFY} stays silent while it replays; processors with effects are refused, unknown ones are
 * {@code 404}, customers are {@code 403}; a claim held by another node makes it {@code 409} (the processor runs on)
 * unless the claims are taken over. Shares {@code ReplayIT}'s database, since both reset processors.
 */
@OrderlySystemTest
@TestPropertySource(properties = "orderly.test.database=replay")
class ProcessorReplayIT {

    private static final String ORDER_CHANNEL = "orderly_order_changed";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    EventProcessingConfiguration processing;
    TestApi api;

    @BeforeEach
    void client() {
        api = new TestApi(port);
    }

    @Test
    void a_replayed_order_view_is_rebuilt_equal_and_pushes_nothing_to_live_subscribers() throws Exception {
        try (Connection listener = dataSource.getConnection()) {
            listener.setAutoCommit(true);
            try (Statement statement = listener.createStatement()) {
                statement.execute("LISTEN " + ORDER_CHANNEL);
            }
            String resourceId = api.registerResource("Replay endpoint shelf", 10);
            TestApi.Response placed = api.post("/api/orders", TestOrders.orderJson(resourceId, 1, "replay-endpoint",
                    "replay-endpoint-" + UUID.randomUUID() + "@example.com", TestOrders.GOOD_CARD));
            assertThat(placed.status()).isEqualTo(202);
            String orderId = placed.text("orderId");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(api.get("/api/orders/" + orderId).text("status")).isEqualTo("SHIPPED"));
            awaitRebuilt(OrderView.PROCESSING_GROUP);
            // the listener works: the order's changes were announced while it was processed for the first time
            assertThat(drain(listener)).contains(orderId);
            List<Map<String, Object>> before = orderRows(orderId);
            Object rowVersion = jdbc.queryForObject("SELECT xmin::text FROM order_view WHERE order_id = ?",
                    String.class, orderId);

            TestApi.Response replayed = api.post("/api/ops/processors/order-views/replay", "{}");

            assertThat(replayed.status()).as(replayed.body().toString()).isEqualTo(202);
            assertThat(replayed.text("processor")).isEqualTo(OrderView.PROCESSING_GROUP);
            assertThat(replayed.text("replayedBy")).isEqualTo("ops");
            assertThat(replayed.body().at("/status/running").asBoolean()).isTrue();
            awaitRebuilt(OrderView.PROCESSING_GROUP);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                // rebuilt (a new row version), and equal to what it was
                assertThat(jdbc.queryForObject("SELECT xmin::text FROM order_view WHERE order_id = ?",
                        String.class, orderId)).isNotEqualTo(rowVersion);
                assertThat(orderRows(orderId)).isEqualTo(before);
            });
            assertThat(drain(listener)).as("orders announced to live subscribers during the replay")
                    .doesNotContain(orderId);
        }
    }

    @Test
    void processors_that_are_not_read_models_are_refused_and_run_on() {
        for (String name : List.of(PaymentProcessor.PROCESSING_GROUP, MonitorStatusView.PROCESSING_GROUP,
                OrderFulfilmentSaga.PROCESSING_GROUP)) {
            TestApi.Response refused = api.post("/api/ops/processors/" + name + "/replay", "{}");
            assertThat(refused.status()).as(name).isEqualTo(422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.text("type")).isEqualTo("https://orderly.dev/problems/replay-not-allowed");
            assertThat(processor(name).path("running").asBoolean()).as(name + " running").isTrue();
        }
    }

    @Test
    void an_unknown_processor_is_404_and_a_customer_is_403() {
        TestApi.Response unknown = api.post("/api/ops/processors/no-such-processor/replay", "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("type")).isEqualTo("https://orderly.dev/problems/not-found");
        TestApi.Response customer = TestApi.as(port, "alice").post("/api/ops/processors/order-views/replay", "{}");
        assertThat(customer.status()).isEqualTo(403);
        assertThat(customer.text("type")).isEqualTo("https://orderly.dev/problems/forbidden");
    }

    @Test
    void a_claim_held_by_another_node_is_409_and_the_processor_runs_on_unless_the_claims_are_taken_over() {
        awaitRebuilt(PaymentView.PROCESSING_GROUP);
        jdbc.update("UPDATE tokenentry SET owner = 'node-elsewhere', timestamp = ? WHERE processorname = ? "
                + "AND segment = 0", Instant.now().toString(), PaymentView.PROCESSING_GROUP);

        TestApi.Response claimed = api.post("/api/ops/processors/payment-views/replay", "{}");

        assertThat(claimed.status()).isEqualTo(409);
        assertThat(claimed.text("type")).isEqualTo("https://orderly.dev/problems/processor-claimed");
        assertThat(claimed.text("detail")).contains("segment 0 by node-elsewhere");
        assertThat(processor(PaymentView.PROCESSING_GROUP).path("running").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tokenentry WHERE processorname = 'payment-views' "
                + "AND tokentype LIKE '%ReplayToken'", Long.class)).as("segments reset").isZero();

        TestApi.Response takenOver = api.post("/api/ops/processors/payment-views/replay?takeOver=true", "{}");

        assertThat(takenOver.status()).as(takenOver.body().toString()).isEqualTo(202);
        assertThat(jdbc.queryForList("SELECT owner FROM tokenentry WHERE processorname = 'payment-views'",
                String.class)).doesNotContain("node-elsewhere");
        awaitRebuilt(PaymentView.PROCESSING_GROUP);
    }

    /**
     * Under overload the reset can outlive its transaction; here a lock held on the read model's table stands in for
     * the load. The answer is a {@code 503} to retry, not a {@code 500}, and nothing was reset.
     */
    @Test
    void a_reset_that_cannot_finish_in_time_is_503_and_the_processor_runs_on_unchanged() throws Exception {
        awaitRebuilt(PaymentView.PROCESSING_GROUP);
        try (Connection locker = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE payment_history IN ACCESS EXCLUSIVE MODE");
            }

            TestApi.Response busy = api.post("/api/ops/processors/payment-views/replay", "{}");

            locker.rollback();
            assertThat(busy.status()).as(busy.body().toString()).isEqualTo(503);
            assertThat(busy.contentType()).startsWith("application/problem+json");
            assertThat(busy.text("type")).isEqualTo("https://orderly.dev/problems/busy");
            assertThat(busy.header("Retry-After")).isEqualTo("1");
        }
        assertThat(processor(PaymentView.PROCESSING_GROUP).path("running").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM tokenentry WHERE processorname = 'payment-views' "
                + "AND tokentype LIKE '%ReplayToken'", Long.class)).as("segments reset").isZero();
    }

    /**
     * Every segment of the processor is claimed here and has handled every event of the store. (A replayed segment
     * still says "replaying" at the head: Axon ends a replay with the first event past the point of reset.)
     */
    private void awaitRebuilt(String name) {
        StreamingEventProcessor processor = processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(processor.isRunning()).isTrue();
            assertThat(processor.processingStatus().values()).as(name).hasSize(2)
                    .allSatisfy(segment -> assertThat(segment.isCaughtUp() && !segment.isErrorState()).isTrue());
            long head = jdbc.queryForObject("SELECT coalesce(max(globalindex), -1) FROM domainevententry",
                    Long.class);
            assertThat(processor.processingStatus().values()).allSatisfy(segment ->
                    assertThat(position(segment)).isGreaterThanOrEqualTo(head));
        });
    }

    private static long position(EventTrackerStatus segment) {
        return segment.getCurrentPosition().orElse(-1);
    }

    private List<Map<String, Object>> orderRows(String orderId) {
        List<Map<String, Object>> rows = new ArrayList<>(jdbc.queryForList("""
                SELECT order_id, customer_id, email, status, total, currency, lines::text, payment_id, payment_status,
                       shipment_id, carrier, tracking_number, reason, needs_attention, last_sequence, placed_at,
                       updated_at FROM order_view WHERE order_id = ?""", orderId));
        rows.addAll(jdbc.queryForList("SELECT * FROM order_timeline WHERE order_id = ? ORDER BY event_id", orderId));
        return rows;
    }

    /**
     * Every notification delivered so far: a marker of its own is sent last, and notifications arrive in commit
     * order, so when the marker is in, everything committed before it is too.
     */
    private List<String> drain(Connection listener) throws Exception {
        String marker = UUID.randomUUID().toString();
        jdbc.queryForList("SELECT pg_notify(?, ?)", ORDER_CHANNEL, marker);
        List<String> received = new ArrayList<>();
        PGConnection postgres = listener.unwrap(PGConnection.class);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try (Statement statement = listener.createStatement()) {
                statement.execute("SELECT 1");
            }
            PGNotification[] notifications = postgres.getNotifications();
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    received.add(notification.getParameter());
                }
            }
            return received.contains(marker);
        });
        return received;
    }

    private JsonNode processor(String name) {
        for (JsonNode processor : api.get("/api/ops/processors").body()) {
            if (processor.path("name").asText().equals(name)) {
                return processor;
            }
        }
        throw new AssertionError("no processor " + name);
    }
}
