package dev.orderly.payment;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Intake pauses when the provider fails, resumes by itself when it recovers, and can be paused by hand. */
@OrderlySystemTest
@TestPropertySource(properties = {
        "orderly.payments.provider.minimum-calls=4",
        "orderly.payments.provider.sliding-window-size=4",
        "orderly.payments.provider.wait-in-open-state=1s",
        "orderly.payments.provider.permitted-calls-in-half-open=1",
        "orderly.payments.provider.lookup-attempts=1",
        "orderly.payments.probe-interval=300ms"})
class IntakePauseIT {

    @LocalServerPort
    int port;
    TestApi api;
    final List<String> accepted = new ArrayList<>();
    /** Made while the provider is up: an outage takes its tokenisation down too. */
    String token;

    @BeforeEach
    void client() {
        api = new TestApi(port);
        token = TestSandbox.tokenFor(TestOrders.GOOD_CARD);
    }

    @AfterEach
    void providerBack() {
        TestSandbox.outage(false);
        TestSandbox.dedupe(true);
    }

    @Test
    void a_burst_of_provider_failures_pauses_intake_and_recovery_resumes_it() {
        TestSandbox.dedupe(false);
        TestSandbox.outage(true);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> requestPayment().status() == 503);
        TestApi.Response refused = requestPayment();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("type")).isEqualTo("https://orderly.dev/problems/intake-paused");
        assertThat(refused.retryAfter()).isNotBlank();
        TestApi.Response intake = api.get("/api/ops/intake");
        assertThat(intake.body().get("accepting").asBoolean()).isFalse();
        assertThat(intake.body().get("manuallyPaused").asBoolean()).isFalse();
        assertThat(api.get("/actuator/health").body().at("/components/intake/details/accepting").asBoolean())
                .isFalse();

        TestSandbox.outage(false);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> requestPayment().status() == 202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/api/ops/intake").body().get("providerCircuit").asText()).isEqualTo("CLOSED"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(accepted)
                .allSatisfy(location -> assertThat(api.get(location).text("status"))
                        .isIn("CAPTURED", "NEEDS_ATTENTION")));
        for (String location : accepted) {
            assertThat(TestSandbox.capturesFor(api.get(location).text("orderId"))).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void an_operator_pauses_and_resumes_intake_by_hand() {
        TestApi.Response paused = api.post("/api/ops/intake/pause",
                "{\"operator\":\"olga\",\"reason\":\"provider maintenance window\"}");
        assertThat(paused.status()).isEqualTo(200);
        assertThat(paused.body().get("accepting").asBoolean()).isFalse();
        assertThat(paused.text("pausedBy")).isEqualTo("olga");

        TestApi.Response refused = requestPayment();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.text("detail")).contains("provider maintenance window");
        assertThat(refused.retryAfter()).isNotBlank();

        assertThat(api.post("/api/ops/intake/resume", "{\"operator\":\"olga\"}").body().get("accepting")
                .asBoolean()).isTrue();
        assertThat(requestPayment().status()).isEqualTo(202);
    }

    @Test
    void a_pause_request_without_a_reason_is_refused() {
        TestApi.Response refused = api.post("/api/ops/intake/pause", "{\"operator\":\"olga\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(api.get("/api/ops/intake").body().get("manuallyPaused").asBoolean()).isFalse();
    }

    private TestApi.Response requestPayment() {
        TestApi.Response response = api.post("/api/payments", """
                {"orderId":"%s","amount":500,"currency":"EUR","paymentToken":"%s"}"""
                .formatted(UUID.randomUUID(), token));
        if (response.status() == 202) {
            accepted.add(response.location());
        }
        return response;
    }
}
