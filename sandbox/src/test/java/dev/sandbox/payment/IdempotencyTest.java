package dev.sandbox.payment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.SandboxClient.Answer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static dev.sandbox.SandboxClient.charge;
import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTest extends PaymentSandboxTestBase {

    @Test
    void a_retry_with_the_same_key_and_body_replays_the_original_answer_and_charges_once() throws Exception {
        String key = newKey();
        String order = newOrder();

        Answer first = client.post("/v1/payments", key, charge(1999, successToken, order));
        Answer retry = client.post("/v1/payments", key, charge(1999, successToken, order));

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(client.capturesOf(order)).isEqualTo(1);
        assertThat(client.paymentsWithKey(key)).hasSize(1);
    }

    @Test
    void the_same_body_with_other_whitespace_and_key_order_is_the_same_request() throws Exception {
        String key = newKey();
        String order = newOrder();
        Answer first = client.post("/v1/payments", key, charge(1999, successToken, order));

        Answer retry = client.post("/v1/payments", key, "{ \"orderReference\" : \"" + order + "\", \"token\": \""
                + successToken + "\",\n \"currency\":\"EUR\", \"amount\": 1999 }");

        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(provider().captureCount(order)).isEqualTo(1);
    }

    @Test
    void the_same_key_with_a_different_body_is_refused_and_changes_nothing() throws Exception {
        String key = newKey();
        String order = newOrder();
        client.post("/v1/payments", key, charge(1999, successToken, order));

        Answer reused = client.post("/v1/payments", key, charge(2500, successToken, order));

        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.error()).isEqualTo("idempotency_key_reused");
        assertThat(provider().payments()).hasSize(1);
        assertThat(provider().captureCount(order)).isEqualTo(1);
    }

    @Test
    void twenty_concurrent_requests_with_the_same_key_charge_once_and_all_get_the_same_answer() throws Exception {
        assertOneChargeForTwentyConcurrentRequests(successToken);
    }

    @Test
    void twenty_concurrent_requests_with_the_same_key_for_a_slow_card_wait_for_the_first_and_charge_once()
            throws Exception {
        assertOneChargeForTwentyConcurrentRequests(token(MagicCard.SLOW));
    }

    private void assertOneChargeForTwentyConcurrentRequests(String token) throws Exception {
        String key = newKey();
        String order = newOrder();
        String body = charge(1999, token, order);

        List<CompletableFuture<Answer>> calls = IntStream.range(0, 20)
                .mapToObj(i -> client.postAsync("/v1/payments", key, body)).toList();
        List<Answer> answers = calls.stream().map(CompletableFuture::join).toList();

        assertThat(answers).extracting(Answer::status).containsOnly(201);
        assertThat(answers).extracting(Answer::body).containsOnly(answers.get(0).body());
        assertThat(answers).filteredOn(a -> "true".equals(a.header("Idempotent-Replayed"))).hasSize(19);
        assertThat(provider().payments()).hasSize(1);
        assertThat(client.capturesOf(order)).isEqualTo(1);
    }

    @Test
    void with_duplicate_detection_off_the_same_key_charges_again_and_the_key_lookup_returns_both() throws Exception {
        provider().setDedupeEnabled(false);
        String key = newKey();
        String order = newOrder();

        Answer first = client.post("/v1/payments", key, charge(1999, successToken, order));
        Answer second = client.post("/v1/payments", key, charge(1999, successToken, order));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.header("Idempotent-Replayed")).isNull();
        assertThat(second.json().path("id").asText()).isNotEqualTo(first.json().path("id").asText());
        assertThat(client.capturesOf(order)).isEqualTo(2);
        JsonNode payments = client.paymentsWithKey(key);
        assertThat(payments).hasSize(2);
        assertThat(payments).extracting(p -> p.path("id").asText())
                .containsExactly(first.json().path("id").asText(), second.json().path("id").asText());
    }

    @Test
    void with_duplicate_detection_off_a_different_body_under_the_same_key_is_a_new_charge_too() throws Exception {
        provider().setDedupeEnabled(false);
        String key = newKey();
        String order = newOrder();
        client.post("/v1/payments", key, charge(1999, successToken, order));

        Answer other = client.post("/v1/payments", key, charge(2500, successToken, order));

        assertThat(other.status()).isEqualTo(201);
        assertThat(client.capturesOf(order)).isEqualTo(2);
    }

    @Test
    void every_mutating_call_without_an_idempotency_key_is_refused() throws Exception {
        String paymentId = client.post("/v1/payments", newKey(), SandboxClientBodies.authorize(newOrder()))
                .json().path("id").asText();

        for (String path : List.of("/v1/payments", "/v1/payments/" + paymentId + "/capture",
                "/v1/payments/" + paymentId + "/cancel", "/v1/payments/" + paymentId + "/refunds")) {
            Answer missing = client.post(path, null, "{\"amount\":1}");
            Answer blank = client.post(path, "  ", "{\"amount\":1}");
            assertThat(missing.status()).as(path).isEqualTo(400);
            assertThat(missing.error()).as(path).isEqualTo("invalid_request");
            assertThat(blank.status()).as(path).isEqualTo(400);
        }
        assertThat(provider().payments()).hasSize(1);
        assertThat(provider().payment(paymentId).orElseThrow().status()).isEqualTo(PaymentStatus.AUTHORIZED);
    }

    @Test
    void keys_are_scoped_per_endpoint_so_one_key_may_create_and_then_capture() throws Exception {
        String key = newKey();
        String order = newOrder();
        String paymentId = client.post("/v1/payments", key, SandboxClientBodies.authorize(order))
                .json().path("id").asText();

        Answer capture = client.post("/v1/payments/" + paymentId + "/capture", key, "");

        assertThat(capture.status()).isEqualTo(200);
        assertThat(capture.header("Idempotent-Replayed")).isNull();
        assertThat(capture.json().path("status").asText()).isEqualTo("captured");
    }

    @Test
    void a_refused_request_is_not_remembered_so_a_corrected_retry_with_the_same_key_runs() throws Exception {
        String key = newKey();
        String order = newOrder();

        Answer invalid = client.post("/v1/payments", key, charge(0, successToken, order));
        Answer valid = client.post("/v1/payments", key, charge(1999, successToken, order));

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(valid.status()).isEqualTo(201);
        assertThat(valid.header("Idempotent-Replayed")).isNull();
        assertThat(provider().captureCount(order)).isEqualTo(1);
    }

    @Test
    void a_capture_retried_with_its_key_is_replayed_and_captures_once() throws Exception {
        String order = newOrder();
        String paymentId = client.post("/v1/payments", newKey(), SandboxClientBodies.authorize(order))
                .json().path("id").asText();
        String captureKey = newKey();

        Answer first = client.post("/v1/payments/" + paymentId + "/capture", captureKey, "");
        Answer retry = client.post("/v1/payments/" + paymentId + "/capture", captureKey, "");
        Answer otherKey = client.post("/v1/payments/" + paymentId + "/capture", newKey(), "");

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(otherKey.status()).isEqualTo(409);
        assertThat(otherKey.error()).isEqualTo("invalid_state");
        assertThat(provider().captureCount(order)).isEqualTo(1);
        assertThat(provider().ledger(order).get(0).idempotencyKey()).isEqualTo(captureKey);
    }

    @Test
    void a_refund_retried_with_its_key_refunds_once() throws Exception {
        String order = newOrder();
        String paymentId = client.post("/v1/payments", newKey(), charge(1999, successToken, order))
                .json().path("id").asText();
        String refundKey = newKey();

        Answer first = client.post("/v1/payments/" + paymentId + "/refunds", refundKey, "{\"amount\":500}");
        Answer retry = client.post("/v1/payments/" + paymentId + "/refunds", refundKey, "{\"amount\":500}");

        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.status()).isEqualTo(201);
        assertThat(provider().payment(paymentId).orElseThrow().refundedAmount()).isEqualTo(500);
        assertThat(provider().refunds()).hasSize(1);
    }
}
