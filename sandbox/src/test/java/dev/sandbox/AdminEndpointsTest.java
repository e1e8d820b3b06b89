package dev.sandbox;

import dev.sandbox.SandboxClient.Answer;
import dev.sandbox.payment.MagicCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.sandbox.SandboxClient.charge;
import static org.assertj.core.api.Assertions.assertThat;

class AdminEndpointsTest {

    private static SandboxServer sandbox;
    private static SandboxClient client;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxServer.start(SandboxSettings.onFreePort());
        client = new SandboxClient(sandbox.baseUri());
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
    }

    @Test
    void the_sandbox_listens_on_the_free_port_it_was_given() {
        assertThat(sandbox.port()).isPositive();
        assertThat(sandbox.baseUri().toString()).isEqualTo("http://localhost:" + sandbox.port());
    }

    @Test
    void health_answers_up() throws Exception {
        Answer health = client.get("/admin/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
        assertThat(health.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void duplicate_detection_is_switched_off_and_on_over_http() throws Exception {
        assertThat(client.get("/admin/dedupe").json().path("enabled").asBoolean()).isTrue();

        Answer off = client.post("/admin/dedupe", null, "{\"enabled\":false}");

        assertThat(off.status()).isEqualTo(200);
        assertThat(off.json().path("enabled").asBoolean()).isFalse();
        assertThat(client.get("/admin/dedupe").json().path("enabled").asBoolean()).isFalse();
        assertThat(sandbox.payments().isDedupeEnabled()).isFalse();
        client.post("/admin/dedupe", null, "{\"enabled\":true}");
        assertThat(sandbox.payments().isDedupeEnabled()).isTrue();
    }

    @Test
    void the_outage_is_switched_on_and_off_over_http() throws Exception {
        assertThat(client.get("/admin/outage").json().path("enabled").asBoolean()).isFalse();

        client.post("/admin/outage", null, "{\"enabled\":true}");
        Answer duringOutage = client.get("/v1/ledger");
        client.post("/admin/outage", null, "{\"enabled\":false}");

        assertThat(duringOutage.status()).isEqualTo(503);
        assertThat(client.get("/v1/ledger").status()).isEqualTo(200);
    }

    @Test
    void a_switch_needs_a_boolean() throws Exception {
        assertThat(client.post("/admin/dedupe", null, "{\"enabled\":\"no\"}").status()).isEqualTo(400);
        assertThat(client.post("/admin/outage", null, "{}").status()).isEqualTo(400);
        assertThat(sandbox.payments().isDedupeEnabled()).isTrue();
        assertThat(sandbox.payments().isOutage()).isFalse();
    }

    @Test
    void reset_forgets_payments_keys_attempts_and_the_ledger_and_restores_the_switches_but_keeps_card_tokens()
            throws Exception {
        String order = "order-reset";
        String success = client.token(MagicCard.SUCCESS.number());
        String failing = client.token(MagicCard.INTERNAL_ERROR_TWICE.number());
        client.post("/v1/payments", "k-1", charge(1999, success, order));
        client.post("/v1/payments", "k-2", charge(1999, failing, order));
        client.post("/admin/dedupe", null, "{\"enabled\":false}");

        Answer reset = client.post("/admin/reset", null, "");

        assertThat(reset.status()).isEqualTo(200);
        assertThat(sandbox.payments().payments()).isEmpty();
        assertThat(client.get("/v1/ledger").json().path("data")).isEmpty();
        assertThat(sandbox.payments().isDedupeEnabled()).isTrue();
        Answer again = client.post("/v1/payments", "k-1", charge(1999, success, order));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isNull();
        assertThat(client.post("/v1/payments", "k-2", charge(1999, failing, order)).status()).isEqualTo(500);
    }

    @Test
    void unknown_paths_and_methods_answer_json_errors() throws Exception {
        assertThat(client.get("/nothing").status()).isEqualTo(404);
        assertThat(client.get("/admin/nothing").status()).isEqualTo(404);
        assertThat(client.post("/admin/health", null, "").status()).isEqualTo(405);
        assertThat(client.post("/v1/ledger", "k", "").status()).isEqualTo(405);
        assertThat(client.get("/v1/payments/pay_x/capture").status()).isEqualTo(405);
    }
}
