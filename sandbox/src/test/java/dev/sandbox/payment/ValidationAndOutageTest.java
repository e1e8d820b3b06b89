package dev.sandbox.payment;

import dev.sandbox.SandboxClient.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.sandbox.SandboxClient.charge;
import static org.assertj.core.api.Assertions.assertThat;

class ValidationAndOutageTest extends PaymentSandboxTestBase {

    @ParameterizedTest(name = "[{index}] body: {0}")
    @ValueSource(strings = {
            "{\"amount\":0,\"currency\":\"EUR\",\"token\":\"TOKEN\",\"orderReference\":\"o-1\"}",
            "{\"amount\":-1,\"currency\":\"EUR\",\"token\":\"TOKEN\",\"orderReference\":\"o-1\"}",
            "{\"amount\":19.99,\"currency\":\"EUR\",\"token\":\"TOKEN\",\"orderReference\":\"o-1\"}",
            "{\"amount\":\"1999\",\"currency\":\"EUR\",\"token\":\"TOKEN\",\"orderReference\":\"o-1\"}",
            "{\"currency\":\"EUR\",\"token\":\"TOKEN\",\"orderReference\":\"o-1\"}",
            "{\"amount\":1999,\"currency\":\"eur\",\"token\":\"TOKEN\",\"orderReference\":\"o-1\"}",
            "{\"amount\":1999,\"currency\":\"EURO\",\"token\":\"TOKEN\",\"orderReference\":\"o-1\"}",
            "{\"amount\":1999,\"token\":\"TOKEN\",\"orderReference\":\"o-1\"}",
            "{\"amount\":1999,\"currency\":\"EUR\",\"orderReference\":\"o-1\"}",
            "{\"amount\":1999,\"currency\":\"EUR\",\"token\":\" \",\"orderReference\":\"o-1\"}",
            "{\"amount\":1999,\"currency\":\"EUR\",\"card\":\"4242424242424242\",\"orderReference\":\"o-1\"}",
            "{\"amount\":1999,\"currency\":\"EUR\",\"token\":\"TOKEN\",\"card\":\"4242424242424242\","
                    + "\"orderReference\":\"o-1\"}",
            "{\"amount\":1999,\"currency\":\"EUR\",\"token\":\"TOKEN\"}",
            "{\"amount\":1999,\"currency\":\"EUR\",\"token\":\"TOKEN\",\"orderReference\":\"\"}",
            "{\"amount\":1999,\"currency\":\"EUR\",\"token\":\"TOKEN\",\"orderReference\":\"o-1\","
                    + "\"capture\":\"yes\"}",
            "{\"amount\":1999,",
            "[1999]",
            ""})
    void an_invalid_charge_is_refused_with_400_and_nothing_is_stored(String body) throws Exception {
        String key = newKey();

        Answer answer = client.post("/v1/payments", key, body.replace("TOKEN", successToken));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("invalid_request");
        assertThat(answer.json().path("message").asText()).isNotBlank();
        assertThat(provider().payments()).isEmpty();
        assertThat(provider().ledger()).isEmpty();
        assertThat(client.paymentsWithKey(key)).isEmpty();
    }

    @Test
    void during_an_outage_every_call_answers_503_and_nothing_changes() throws Exception {
        String order = newOrder();
        String id = client.post("/v1/payments", newKey(), charge(1999, successToken, order)).json().path("id").asText();
        provider().setOutage(true);

        Answer charge = client.post("/v1/payments", newKey(), charge(1999, successToken, order));
        Answer refund = client.post("/v1/payments/" + id + "/refunds", newKey(), "{\"amount\":1}");
        Answer lookup = client.get("/v1/payments/" + id);
        Answer ledger = client.get("/v1/ledger");

        for (Answer answer : new Answer[]{charge, refund, lookup, ledger}) {
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.header("Retry-After")).isEqualTo("1");
            assertThat(answer.error()).isEqualTo("service_unavailable");
        }
        provider().setOutage(false);
        assertThat(client.get("/v1/payments?orderReference=" + order).json().path("data")).hasSize(1);
        assertThat(client.capturesOf(order)).isEqualTo(1);
        assertThat(provider().refunds()).isEmpty();
    }

    @Test
    void a_charge_refused_during_an_outage_runs_when_retried_with_the_same_key_afterwards() throws Exception {
        String key = newKey();
        String order = newOrder();
        provider().setOutage(true);
        assertThat(client.post("/v1/payments", key, charge(1999, successToken, order)).status()).isEqualTo(503);
        provider().setOutage(false);

        Answer retry = client.post("/v1/payments", key, charge(1999, successToken, order));

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isNull();
        assertThat(client.capturesOf(order)).isEqualTo(1);
    }
}
