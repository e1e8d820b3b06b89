package dev.orderly.logging;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One id finds every log line a request caused: the request's {@code X-Correlation-Id} is carried by the command, the
 * events, the saga's steps, the payment job and the e-mail job, on whatever thread each runs. And no secret is
 * logged on the way.
 */
@OrderlySystemTest
@ExtendWith(OutputCaptureExtension.class)
class CorrelationIdIT {

    @LocalServerPort
    int port;

    @Test
    void every_step_of_an_order_logs_the_correlation_id_of_the_request_that_placed_it(CapturedOutput output) {
        TestApi api = new TestApi(port);
        String resourceId = api.registerResource("Traced shelf", 5);
        String correlationId = "trace-" + UUID.randomUUID().toString().substring(0, 8);

        TestApi.Response placed = api.post("/api/orders", TestOrders.orderJson(resourceId, 1, "tracy",
                "tracy-" + UUID.randomUUID() + "@example.com", TestOrders.GOOD_CARD), "X-Correlation-Id",
                correlationId);
        assertThat(placed.status()).isEqualTo(202);
        assertThat(placed.header("X-Correlation-Id")).isEqualTo(correlationId);
        await().atMost(Duration.ofSeconds(60)).until(() -> "SHIPPED".equals(api.get(placed.location())
                .text("status")));

        String tag = "[" + correlationId + "]";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(output.getAll().lines()
                .filter(line -> line.contains(tag)))
                .anyMatch(line -> line.contains("OrderFulfilmentSaga") && line.contains("fulfilment starts"))
                .anyMatch(line -> line.contains("PaymentJobs") && line.contains("at the provider"))
                .anyMatch(line -> line.contains("EffectJobs") && line.contains("Sent e-mail")));
        // No secret reaches the log: not the card, not the caller's password or Authorization header.
        assertThat(output.getAll()).doesNotContain(TestOrders.GOOD_CARD, "ops-secret",
                TestApi.basic("ops").substring("Basic ".length()));
        // The warehouse's shipment notice is a request of its own, and what it causes logs under that request's id.
        assertThat(output.getAll().lines().filter(line -> line.contains("fulfilment done")))
                .noneMatch(line -> line.contains(tag));
    }

    @Test
    void a_request_without_a_usable_id_gets_a_fresh_one() {
        TestApi api = new TestApi(port);
        String given = api.get("/api/resources", "X-Correlation-Id", "not a token; " + "x".repeat(100))
                .header("X-Correlation-Id");
        assertThat(given).matches("[0-9a-f-]{36}");
    }
}
