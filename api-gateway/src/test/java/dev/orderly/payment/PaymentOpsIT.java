package dev.orderly.payment;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A payment the provider never answers goes to the manual-intervention queue, and an operator settles it. */
@OrderlySystemTest
class PaymentOpsIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    TestApi api;

    @BeforeEach
    void client() {
        api = new TestApi(port);
    }

    @AfterEach
    void providerBack() {
        TestSandbox.outage(false);
    }

    @Test
    void an_unanswered_payment_is_queued_for_a_person_with_its_history_and_resolved_on_the_record() {
        String token = TestSandbox.tokenFor(TestOrders.GOOD_CARD);
        TestSandbox.outage(true);
        String orderId = UUID.randomUUID().toString();
        TestApi.Response accepted = api.post("/api/payments", """
                {"orderId":"%s","amount":750,"currency":"EUR","paymentToken":"%s"}""".formatted(orderId, token));
        String paymentId = accepted.location().substring("/api/payments/".length());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get(accepted.location()).text("status")).isEqualTo("NEEDS_ATTENTION"));
        TestSandbox.outage(false);

        TestApi.Response queue = api.get("/api/ops/payments/attention");
        assertThat(queue.status()).isEqualTo(200);
        assertThat(queue.body().findValuesAsText("paymentId")).contains(paymentId);
        var entry = queue.body().findParents("paymentId").stream()
                .filter(node -> node.path("paymentId").asText().equals(paymentId)).findFirst().orElseThrow();
        assertThat(entry.path("reason").asText()).contains("5 attempts ended without an answer");
        var history = queue.body().findValues("history").stream()
                .filter(node -> node.toString().contains("needs attention")).findFirst().orElseThrow();
        assertThat(history.findValuesAsText("event")).contains("requested", "attempt started", "outcome unknown",
                "needs attention");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(chargeLedgerRow(paymentId)).containsEntry("status", "DONE")
                        .containsEntry("result", "needs attention"));

        TestApi.Response resolved = api.post("/api/ops/payments/" + paymentId + "/resolution",
                "{\"operator\":\"olga\",\"resolution\":\"NOT_CHARGED\",\"note\":\"nothing in the provider portal\"}");
        assertThat(resolved.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get(accepted.location()).text("status")).isEqualTo("CANCELLED"));
        assertThat(api.get(accepted.location()).text("reason")).contains("olga");
        assertThat(TestSandbox.capturesFor(orderId)).isZero();

        TestApi.Response again = api.post("/api/ops/payments/" + paymentId + "/resolution",
                "{\"operator\":\"olga\",\"resolution\":\"CAPTURED\",\"note\":\"changed my mind\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("type")).isEqualTo("https://orderly.dev/problems/payment-not-needing-attention");
    }

    @Test
    void a_charge_job_marks_its_ledger_row_done_once_the_capture_is_recorded() {
        String orderId = UUID.randomUUID().toString();
        TestApi.Response accepted = api.post("/api/payments", """
                {"orderId":"%s","amount":420,"currency":"EUR","paymentToken":"%s"}""".formatted(orderId,
                TestSandbox.tokenFor(TestOrders.GOOD_CARD)));
        String paymentId = accepted.location().substring("/api/payments/".length());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> row = chargeLedgerRow(paymentId);
            assertThat(row).containsEntry("status", "DONE").containsEntry("last_error", null);
            assertThat((String) row.get("result")).startsWith("captured pay_");
            assertThat(row.get("done_at")).isNotNull();
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.get(accepted.location()).text("status")).isEqualTo("CAPTURED"));
        assertThat(TestSandbox.capturesFor(orderId)).isEqualTo(1);
    }

    @Test
    void bad_payment_requests_are_refused_and_store_nothing() {
        String withToken = ",\"paymentToken\":\"tok_x\"}";
        long before = jdbc.queryForObject("SELECT count(*) FROM accepted_command", Long.class);
        for (String body : new String[]{
                "{\"orderId\":\"" + UUID.randomUUID() + "\",\"amount\":0,\"currency\":\"EUR\"" + withToken,
                "{\"orderId\":\"" + UUID.randomUUID() + "\",\"amount\":100,\"currency\":\"eur\"" + withToken,
                "{\"orderId\":\"" + UUID.randomUUID() + "\",\"amount\":\"lots\",\"currency\":\"EUR\"" + withToken,
                "{\"orderId\":\"not-a-uuid\",\"amount\":100,\"currency\":\"EUR\"" + withToken,
                "{\"amount\":100,\"currency\":\"EUR\"" + withToken,
                "{\"orderId\":\"" + UUID.randomUUID() + "\",\"amount\":1e30,\"currency\":\"EUR\"" + withToken,
                "not json"}) {
            TestApi.Response refused = api.post("/api/payments", body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM accepted_command", Long.class)).isEqualTo(before);
        assertThat(api.get("/api/payments/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.post("/api/ops/payments/" + UUID.randomUUID() + "/resolution",
                "{\"operator\":\"olga\",\"resolution\":\"MAYBE\",\"note\":\"x\"}").status()).isEqualTo(400);
    }

    @Test
    void a_retried_payment_request_for_an_order_is_the_same_payment_and_other_details_are_refused() {
        String orderId = UUID.randomUUID().toString();
        String body = """
                {"orderId":"%s","amount":300,"currency":"EUR","paymentToken":"%s"}""".formatted(orderId,
                TestSandbox.tokenFor(TestOrders.GOOD_CARD));
        TestApi.Response first = api.post("/api/payments", body);
        assertThat(first.status()).isEqualTo(202);
        assertThat(api.post("/api/payments", body).location()).isEqualTo(first.location());
        TestApi.Response other = api.post("/api/payments", body.replace("300", "301"));
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.text("type")).isEqualTo("https://orderly.dev/problems/order-already-has-payment");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get(first.location()).text("status")).isEqualTo("CAPTURED"));
        assertThat(TestSandbox.capturesFor(orderId)).isEqualTo(1);
    }

    /** The charge job's ledger row, or an empty map while the payment processor has not decided the job yet. */
    private Map<String, Object> chargeLedgerRow(String paymentId) {
        return jdbc.queryForList("""
                SELECT status, result, last_error, done_at FROM effect_ledger
                WHERE subject_id = ? AND kind = 'payment-charge' AND step = '1'""", paymentId)
                .stream().findFirst().orElse(Map.of());
    }
}
