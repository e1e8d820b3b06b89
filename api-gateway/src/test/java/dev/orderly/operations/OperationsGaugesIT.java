package dev.orderly.operations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gauges the alerts and the dashboard stand on say what the operator endpoints say: the attention queue, the
 * intake pause and its cause, and each processor's dead letters, segments and error state.
 */
@OrderlySystemTest
class OperationsGaugesIT {

    private static final Duration REFRESHED = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @AfterEach
    void restore() {
        TestSandbox.outage(false);
        new TestApi(port).post("/api/ops/intake/resume", "{\"operator\":\"gauges\"}");
    }

    @Test
    void the_attention_queue_gauge_counts_the_payments_an_operator_must_resolve() {
        TestApi api = new TestApi(port);
        String token = TestSandbox.tokenFor(TestOrders.GOOD_CARD);
        TestSandbox.outage(true);
        TestApi.Response accepted = api.post("/api/payments", """
                {"orderId":"%s","amount":750,"currency":"EUR","paymentToken":"%s"}"""
                .formatted(UUID.randomUUID(), token));
        String paymentId = accepted.location().substring("/api/payments/".length());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get(accepted.location()).text("status")).isEqualTo("NEEDS_ATTENTION"));
        TestSandbox.outage(false);

        await().atMost(REFRESHED).untilAsserted(() -> {
            long queued = api.get("/api/ops/payments/attention?limit=500").body().size();
            assertThat(queued).isPositive();
            assertThat(sample(api, "orderly_attention_queue{kind=\"payment\"}")).isEqualTo(queued);
        });
        assertThat(sample(api, "orderly_payment_outcomes_total{outcome=\"needs-attention\"}")).isPositive();

        assertThat(api.post("/api/ops/payments/" + paymentId + "/resolution",
                "{\"operator\":\"olga\",\"resolution\":\"NOT_CHARGED\",\"note\":\"not in the portal\"}").status())
                .isEqualTo(200);
        await().atMost(REFRESHED).untilAsserted(() -> assertThat(sample(api,
                "orderly_attention_queue{kind=\"payment\"}")).isEqualTo(
                api.get("/api/ops/payments/attention?limit=500").body().size()));
    }

    @Test
    void a_paused_intake_shows_its_cause_in_the_gauges_and_leaves_the_node_ready() {
        TestApi api = new TestApi(port);
        assertThat(api.post("/api/ops/intake/pause", "{\"operator\":\"gauges\",\"reason\":\"maintenance\"}")
                .status()).isEqualTo(200);

        await().atMost(REFRESHED).untilAsserted(() -> {
            assertThat(sample(api, "orderly_intake_accepting")).isZero();
            assertThat(sample(api, "orderly_intake_paused{cause=\"operator\"}")).isEqualTo(1);
            assertThat(sample(api, "orderly_intake_paused{cause=\"provider\"}")).isZero();
        });
        // Queries still work while intake is paused: a load balancer must keep the node.
        TestApi.Response readiness = TestApi.anonymous(port).get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.text("status")).isEqualTo("UP");

        api.post("/api/ops/intake/resume", "{\"operator\":\"gauges\"}");
        await().atMost(REFRESHED).untilAsserted(() -> {
            assertThat(sample(api, "orderly_intake_accepting")).isEqualTo(1);
            assertThat(sample(api, "orderly_intake_paused{cause=\"operator\"}")).isZero();
        });
    }

    @Test
    void the_processor_gauges_say_what_the_processor_endpoint_says() {
        TestApi api = new TestApi(port);
        await().atMost(REFRESHED).untilAsserted(() -> {
            JsonNode processors = api.get("/api/ops/processors").body();
            assertThat(processors.size()).isGreaterThanOrEqualTo(6);
            Map<String, Double> metrics = samples(api);
            for (JsonNode processor : processors) {
                String name = processor.path("name").asText();
                String tag = "{processor=\"" + name + "\"}";
                assertThat(metrics.get("orderly_processor_segments" + tag)).as(name)
                        .isEqualTo(processor.path("segments").asDouble());
                assertThat(metrics.get("orderly_processor_in_error" + tag)).as(name)
                        .isEqualTo(processor.path("error").asBoolean() ? 1 : 0);
                assertThat(metrics).as(name).containsKeys("orderly_processor_lag_events" + tag,
                        "orderly_processor_lag_seconds" + tag);
                long deadLetters = processor.path("deadLetters").asLong();
                if (deadLetters >= 0) {
                    assertThat(metrics.get("orderly_processor_dead_letters" + tag)).as(name)
                            .isEqualTo((double) deadLetters);
                } else {
                    // The saga processor has no dead-letter queue: no series rather than a -1 that sums wrongly.
                    assertThat(metrics).as(name).doesNotContainKey("orderly_processor_dead_letters" + tag);
                }
            }
        });
    }

    /** The value of one series, written as the exposition writes it: name and labels in its order. */
    private static double sample(TestApi api, String series) {
        Double value = samples(api).get(series);
        assertThat(value).as(series).isNotNull();
        return value;
    }

    /** Every series of Orderly's own, keyed by name and labels as exposed. */
    private static Map<String, Double> samples(TestApi api) {
        Map<String, Double> samples = new TreeMap<>();
        api.getText("/actuator/prometheus").lines()
                .filter(line -> line.startsWith("orderly_"))
                .forEach(line -> {
                    int space = line.lastIndexOf(' ');
                    samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                });
        return samples;
    }
}
