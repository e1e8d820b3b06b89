package dev.orderly.replay;

import dev.orderly.query.monitor.MonitorStatusView;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.payment.PaymentView;
import dev.orderly.query.resource.ReservationView;
import dev.orderly.query.resource.ResourceView;
import dev.orderly.saga.order.OrderFulfilmentSaga;
import dev.orderly.saga.payment.PaymentProcessor;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every projection is rebuilt from the tail, and the processors with side effects start over from nothing. The read
 * models come back equal, and not one e-mail, picklist or provider call is repeated. Runs on a database of its own,
 * since it resets every processor.
 */
@OrderlySystemTest
@TestPropertySource(properties = "orderly.test.database=replay")
class ReplayIT {

    private static final String SAGA_PROCESSOR = OrderFulfilmentSaga.PROCESSING_GROUP;
    private static final List<String> READ_MODELS = List.of(
            "SELECT * FROM resource_availability ORDER BY resource_id",
            "SELECT * FROM reservation_status ORDER BY reservation_id",
            "SELECT * FROM payment_view ORDER BY payment_id",
            "SELECT * FROM payment_history ORDER BY payment_id, sequence",
            "SELECT order_id, customer_id, email, status, total, currency, lines::text, payment_id, payment_status, "
                    + "shipment_id, carrier, tracking_number, reason, needs_attention FROM order_view "
                    + "ORDER BY order_id",
            "SELECT * FROM order_timeline ORDER BY event_id");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void rebuilding_every_projection_and_restarting_every_effect_processor_repeats_no_side_effect() {
        TestApi api = new TestApi(port);
        String resourceId = api.registerResource("Replay shelf", 10);
        List<String> emails = new ArrayList<>();
        List<String> orders = new ArrayList<>();
        for (String card : List.of(TestOrders.GOOD_CARD, TestOrders.DECLINED_CARD,
                TestOrders.GOOD_CARD)) {
            String email = "replay-" + UUID.randomUUID() + "@example.com";
            emails.add(email);
            TestApi.Response placed = api.post("/api/orders", TestOrders.orderJson(resourceId, 1, "replayer",
                    email, card));
            orders.add(placed.text("orderId"));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(orders).allSatisfy(order ->
                assertThat(api.get("/api/orders/" + order).text("status")).isIn("SHIPPED", "CANCELLED")));
        TestApi.Response cancelled = api.post("/api/orders/" + orders.get(2) + "/cancellation", "{}");
        assertThat(cancelled.status()).isIn(202, 409);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TestSandbox.mailTo(emails.get(0)))
                .hasSize(2));
        awaitQuiet(api);

        Map<String, List<Map<String, Object>>> readModels = readModels();
        Map<String, Object> effects = effects(emails, orders);

        List<String> replayed = new ArrayList<>();
        List<String> wiped = new ArrayList<>();
        for (EventProcessor processor : processing.eventProcessors().values()) {
            if (!(processor instanceof StreamingEventProcessor streaming) || processor.getName().equals(
                    SAGA_PROCESSOR)) {
                continue;
            }
            streaming.shutDown();
            if (streaming.supportsReset()) {
                streaming.resetTokens();
                replayed.add(processor.getName());
            } else {
                // Side-effect processors refuse a replay; wiping their token makes them start over from the tail.
                jdbc.update("DELETE FROM tokenentry WHERE processorname = ?", processor.getName());
                wiped.add(processor.getName());
            }
            streaming.start();
        }
        assertThat(replayed).contains(ResourceView.PROCESSING_GROUP, ReservationView.PROCESSING_GROUP,
                PaymentView.PROCESSING_GROUP, OrderView.PROCESSING_GROUP, MonitorStatusView.PROCESSING_GROUP);
        assertThat(wiped).contains(PaymentProcessor.PROCESSING_GROUP);
        awaitQuiet(api);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(readModels()).isEqualTo(readModels));
        assertThat(effects(emails, orders)).isEqualTo(effects);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks WHERE task_name LIKE 'payment-%' "
                + "OR task_name LIKE 'effect-%'", Long.class)).isZero();
        assertThat(api.get("/api/monitor").text("status")).isEqualTo("OK");
    }

    private void awaitQuiet(TestApi api) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (EventProcessor processor : processing.eventProcessors().values()) {
                if (processor instanceof StreamingEventProcessor streaming) {
                    assertThat(streaming.processingStatus().values()).as(processor.getName())
                            .isNotEmpty().allSatisfy(status -> assertThat(status.isCaughtUp()).isTrue());
                }
            }
            assertThat(api.get("/api/monitor").body().get("lag").asLong()).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks WHERE task_name LIKE 'payment-%' "
                    + "OR task_name LIKE 'effect-%'", Long.class)).isZero();
        });
    }

    private Map<String, List<Map<String, Object>>> readModels() {
        Map<String, List<Map<String, Object>>> models = new LinkedHashMap<>();
        for (String query : READ_MODELS) {
            models.put(query, jdbc.queryForList(query));
        }
        return models;
    }

    private Map<String, Object> effects(List<String> emails, List<String> orders) {
        Map<String, Object> effects = new LinkedHashMap<>();
        for (String email : emails) {
            effects.put("mail " + email, TestSandbox.mailTo(email).findValuesAsText("messageId"));
        }
        for (String order : orders) {
            effects.put("picklists " + order, TestSandbox.picklists(order).size());
            effects.put("captures " + order, TestSandbox.capturesFor(order));
            effects.put("refunds " + order, TestSandbox.refundsFor(order));
        }
        effects.put("ledger", jdbc.queryForList("SELECT subject_id, kind, step, status, attempts FROM effect_ledger "
                + "ORDER BY subject_id, kind, step"));
        return effects;
    }
}
