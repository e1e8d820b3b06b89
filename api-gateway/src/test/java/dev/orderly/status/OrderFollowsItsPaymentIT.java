package dev.orderly.status;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An order shows its payment as the payment itself does, also after an operator has settled it: the order view
 * follows every payment event, with the payment view's own derivation of the status.
 */
@OrderlySystemTest
class OrderFollowsItsPaymentIT {

    @LocalServerPort
    int port;

    @AfterEach
    void providerBack() {
        TestSandbox.outage(false);
    }

    @Test
    void an_order_whose_payment_an_operator_resolved_shows_the_resolved_status_not_needs_attention() {
        TestApi api = new TestApi(port);
        String resourceId = api.registerResource("Attention lamp", 3);
        String order = TestOrders.orderJson(resourceId, 1, "patient", "patient-" + UUID.randomUUID()
                + "@example.com", TestOrders.GOOD_CARD);
        TestSandbox.outage(true);
        TestApi.Response placed = api.post("/api/orders", order);
        assertThat(placed.status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(api.get(placed.location()).text("paymentStatus")).isEqualTo("NEEDS_ATTENTION"));
        TestSandbox.outage(false);
        String paymentId = api.get(placed.location()).text("paymentId");
        assertThat(api.get("/api/payments/" + paymentId).text("status")).isEqualTo("NEEDS_ATTENTION");

        TestApi.Response resolved = api.post("/api/ops/payments/" + paymentId + "/resolution",
                "{\"operator\":\"olga\",\"resolution\":\"NOT_CHARGED\",\"note\":\"nothing in the provider portal\"}");
        assertThat(resolved.status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get(placed.location()).text("paymentStatus")).isEqualTo("CANCELLED"));
        assertThat(api.get("/api/payments/" + paymentId).text("status")).isEqualTo("CANCELLED");
        assertThat(api.get(placed.location()).body().get("timeline").findValuesAsText("event"))
                .contains("payment needs attention", "payment resolved manually");
    }
}
