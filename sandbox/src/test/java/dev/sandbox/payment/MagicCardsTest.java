package dev.sandbox.payment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.SandboxClient.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import static dev.sandbox.SandboxClient.charge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MagicCardsTest extends PaymentSandboxTestBase {

    @Test
    void the_success_card_and_any_unknown_card_are_captured() throws Exception {
        String order = newOrder();

        Answer success = client.post("/v1/payments", newKey(), charge(1999, successToken, order));
        Answer unknown = client.post("/v1/payments", newKey(), charge(1999, client.token("5555555555554444"), order));

        for (Answer answer : new Answer[]{success, unknown}) {
            assertThat(answer.status()).isEqualTo(201);
            JsonNode payment = answer.json();
            assertThat(payment.path("id").asText()).startsWith("pay_");
            assertThat(payment.path("status").asText()).isEqualTo("captured");
            assertThat(payment.path("capturedAmount").asLong()).isEqualTo(1999);
            assertThat(payment.path("refundedAmount").asLong()).isZero();
            assertThat(payment.path("declineCode").isNull()).isTrue();
            assertThat(payment.path("currency").asText()).isEqualTo("EUR");
            assertThat(payment.path("orderReference").asText()).isEqualTo(order);
            assertThat(payment.hasNonNull("createdAt")).isTrue();
            assertThat(payment.hasNonNull("updatedAt")).isTrue();
        }
        assertThat(client.capturesOf(order)).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} is declined with {1}")
    @CsvSource({"4000000000000002, card_declined", "4000000000009995, insufficient_funds"})
    void a_declined_card_answers_402_with_its_decline_code_and_the_payment_is_kept(String card, String code)
            throws Exception {
        String key = newKey();
        String order = newOrder();
        String token = client.token(card);

        Answer declined = client.post("/v1/payments", key, charge(1999, token, order));

        assertThat(declined.status()).isEqualTo(402);
        assertThat(declined.json().path("status").asText()).isEqualTo("declined");
        assertThat(declined.json().path("declineCode").asText()).isEqualTo(code);
        assertThat(declined.json().path("capturedAmount").asLong()).isZero();
        String id = declined.json().path("id").asText();
        Answer found = client.get("/v1/payments/" + id);
        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().path("status").asText()).isEqualTo("declined");
        assertThat(client.paymentsWithKey(key)).hasSize(1);
        assertThat(client.capturesOf(order)).isZero();

        Answer retry = client.post("/v1/payments", key, charge(1999, token, order));
        assertThat(retry.status()).isEqualTo(402);
        assertThat(retry.body()).isEqualTo(declined.body());
        assertThat(provider().payments()).hasSize(1);
    }

    @Test
    void the_500_card_fails_twice_without_charging_then_succeeds_once() throws Exception {
        String key = newKey();
        String order = newOrder();
        String body = charge(1999, token(MagicCard.INTERNAL_ERROR_TWICE), order);

        Answer first = client.post("/v1/payments", key, body);
        Answer second = client.post("/v1/payments", key, body);
        assertThat(first.status()).isEqualTo(500);
        assertThat(first.error()).isEqualTo("internal_error");
        assertThat(second.status()).isEqualTo(500);
        assertThat(client.paymentsWithKey(key)).isEmpty();
        assertThat(client.capturesOf(order)).isZero();

        Answer third = client.post("/v1/payments", key, body);
        Answer fourth = client.post("/v1/payments", key, body);
        assertThat(third.status()).isEqualTo(201);
        assertThat(third.json().path("status").asText()).isEqualTo("captured");
        assertThat(fourth.body()).isEqualTo(third.body());
        assertThat(fourth.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(client.capturesOf(order)).isEqualTo(1);
    }

    @Test
    void the_503_card_fails_twice_with_retry_after_without_charging_then_succeeds_once() throws Exception {
        String key = newKey();
        String order = newOrder();
        String body = charge(1999, token(MagicCard.UNAVAILABLE_TWICE), order);

        Answer first = client.post("/v1/payments", key, body);
        Answer second = client.post("/v1/payments", key, body);
        assertThat(first.status()).isEqualTo(503);
        assertThat(first.error()).isEqualTo("service_unavailable");
        assertThat(first.header("Retry-After")).isEqualTo("1");
        assertThat(second.status()).isEqualTo(503);
        assertThat(provider().paymentsWithIdempotencyKey(key)).isEmpty();

        Answer third = client.post("/v1/payments", key, body);
        assertThat(third.status()).isEqualTo(201);
        assertThat(client.capturesOf(order)).isEqualTo(1);
    }

    @Test
    void the_failing_cards_count_attempts_per_key_so_a_new_key_fails_twice_again() throws Exception {
        String body = charge(1999, token(MagicCard.INTERNAL_ERROR_TWICE), newOrder());
        String key = newKey();
        client.post("/v1/payments", key, body);
        client.post("/v1/payments", key, body);
        client.post("/v1/payments", key, body);

        assertThat(client.post("/v1/payments", newKey(), body).status()).isEqualTo(500);
    }

    @Test
    void the_failing_cards_count_attempts_with_duplicate_detection_off_too() throws Exception {
        provider().setDedupeEnabled(false);
        String key = newKey();
        String order = newOrder();
        String body = charge(1999, token(MagicCard.UNAVAILABLE_TWICE), order);

        assertThat(client.post("/v1/payments", key, body).status()).isEqualTo(503);
        assertThat(client.post("/v1/payments", key, body).status()).isEqualTo(503);
        assertThat(client.post("/v1/payments", key, body).status()).isEqualTo(201);
        assertThat(client.post("/v1/payments", key, body).status()).isEqualTo(201);
        assertThat(client.capturesOf(order)).isEqualTo(2);
    }

    @Test
    void the_timeout_card_charges_although_the_client_gives_up_before_the_answer() throws Exception {
        String key = newKey();
        String order = newOrder();
        String body = charge(1999, token(MagicCard.TIMEOUT_AFTER_COMMIT), order);

        assertThatThrownBy(() -> client.post("/v1/payments", key, body, Duration.ofSeconds(1)))
                .isInstanceOf(HttpTimeoutException.class);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode payments = client.paymentsWithKey(key);
            assertThat(payments).hasSize(1);
            assertThat(payments.get(0).path("status").asText()).isEqualTo("captured");
        });
        assertThat(client.capturesOf(order)).isEqualTo(1);

        Answer retry = client.post("/v1/payments", key, body, Duration.ofSeconds(1));
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(client.capturesOf(order)).isEqualTo(1);
    }

    @Test
    void the_connection_reset_card_charges_then_drops_the_connection_and_a_retry_is_replayed() throws Exception {
        String key = newKey();
        String order = newOrder();
        String body = charge(1999, token(MagicCard.CONNECTION_RESET_AFTER_COMMIT), order);

        assertThatThrownBy(() -> client.post("/v1/payments", key, body)).isInstanceOf(IOException.class);

        JsonNode payments = client.paymentsWithKey(key);
        assertThat(payments).hasSize(1);
        assertThat(payments.get(0).path("status").asText()).isEqualTo("captured");

        Answer retry = client.post("/v1/payments", key, body);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json().path("id").asText()).isEqualTo(payments.get(0).path("id").asText());
        assertThat(client.capturesOf(order)).isEqualTo(1);
    }

    @Test
    void the_connection_reset_card_with_duplicate_detection_off_charges_again_on_the_retry() throws Exception {
        provider().setDedupeEnabled(false);
        String key = newKey();
        String order = newOrder();
        String body = charge(1999, token(MagicCard.CONNECTION_RESET_AFTER_COMMIT), order);

        assertThatThrownBy(() -> client.post("/v1/payments", key, body)).isInstanceOf(IOException.class);
        Answer retry = client.post("/v1/payments", key, body);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isNull();
        assertThat(client.paymentsWithKey(key)).hasSize(2);
        assertThat(client.capturesOf(order)).isEqualTo(2);
    }

    @Test
    void the_slow_card_answers_successfully() throws Exception {
        String order = newOrder();

        Answer slow = client.post("/v1/payments", newKey(), charge(1999, token(MagicCard.SLOW), order));

        assertThat(slow.status()).isEqualTo(201);
        assertThat(slow.json().path("status").asText()).isEqualTo("captured");
        assertThat(client.capturesOf(order)).isEqualTo(1);
    }
}
