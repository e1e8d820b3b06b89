package dev.sandbox.warehouse;

import dev.sandbox.SandboxClient.Answer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WarehouseIdempotencyTest extends WarehouseSandboxTestBase {

    @Test
    void the_same_key_and_body_replays_the_first_answer_and_makes_one_picklist_and_one_shipment() throws Exception {
        String key = newKey();
        String order = newOrder();

        Answer first = client.post("/warehouse/picklists", key, picklist(order));
        Answer retry = client.post("/warehouse/picklists", key, picklist(order));

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(client.get("/warehouse/picklists?orderReference=" + order).json().path("data")).hasSize(1);
        await().until(() -> receiver.notices().size() == 1);
        assertThat(warehouse().shipments(order)).hasSize(1);
    }

    @Test
    void the_same_key_with_a_different_body_is_refused_with_409_and_changes_nothing() throws Exception {
        String key = newKey();
        String order = newOrder();
        client.post("/warehouse/picklists", key, picklist(order));

        Answer reused = client.post("/warehouse/picklists", key, picklist(order, 7, receiver.url()));

        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.error()).isEqualTo("idempotency_key_reused");
        assertThat(warehouse().picklists()).hasSize(1);
        assertThat(warehouse().picklists().get(0).lines().get(0).quantity()).isEqualTo(2);
    }

    @Test
    void with_duplicate_detection_off_the_same_key_makes_a_second_picklist_that_ships_too() throws Exception {
        client.post("/admin/dedupe", null, "{\"enabled\":false}");
        String key = newKey();
        String order = newOrder();

        Answer first = client.post("/warehouse/picklists", key, picklist(order));
        Answer second = client.post("/warehouse/picklists", key, picklist(order));

        assertThat(second.status()).isEqualTo(202);
        assertThat(second.header("Idempotent-Replayed")).isNull();
        assertThat(second.json().path("picklistId").asText()).isNotEqualTo(first.json().path("picklistId").asText());
        assertThat(client.get("/warehouse/picklists?orderReference=" + order).json().path("data"))
                .extracting(p -> p.path("idempotencyKey").asText()).containsExactly(key, key);
        await().until(() -> receiver.notices().size() == 2);
        assertThat(warehouse().shipments(order)).hasSize(2);
    }

    @Test
    void twenty_concurrent_requests_with_the_same_key_make_one_picklist_and_all_get_the_same_answer() {
        String key = newKey();
        String body = picklist(newOrder());

        List<CompletableFuture<Answer>> calls = IntStream.range(0, 20)
                .mapToObj(i -> client.postAsync("/warehouse/picklists", key, body)).toList();
        List<Answer> answers = calls.stream().map(CompletableFuture::join).toList();

        assertThat(answers).extracting(Answer::status).containsOnly(202);
        assertThat(answers).extracting(Answer::body).containsOnly(answers.get(0).body());
        assertThat(answers).filteredOn(a -> "true".equals(a.header("Idempotent-Replayed"))).hasSize(19);
        assertThat(warehouse().picklists()).hasSize(1);
    }

    @Test
    void a_picklist_key_and_a_payment_key_with_the_same_value_are_unrelated() throws Exception {
        String key = newKey();
        String order = newOrder();
        Answer payment = client.post("/v1/payments", key, dev.sandbox.SandboxClient.charge(1999,
                client.token("4242424242424242"), order));

        Answer picklist = client.post("/warehouse/picklists", key, picklist(order));

        assertThat(payment.status()).isEqualTo(201);
        assertThat(picklist.status()).isEqualTo(202);
        assertThat(picklist.header("Idempotent-Replayed")).isNull();
    }
}
