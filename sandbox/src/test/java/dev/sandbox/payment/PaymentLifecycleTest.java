package dev.sandbox.payment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.SandboxClient.Answer;
import org.junit.jupiter.api.Test;

import static dev.sandbox.SandboxClient.authorize;
import static dev.sandbox.SandboxClient.charge;
import static org.assertj.core.api.Assertions.assertThat;

class PaymentLifecycleTest extends PaymentSandboxTestBase {

    @Test
    void an_authorization_without_capture_moves_no_money_until_it_is_captured() throws Exception {
        String order = newOrder();
        Answer authorized = client.post("/v1/payments", newKey(), authorize(1999, successToken, order));
        String id = authorized.json().path("id").asText();
        assertThat(authorized.status()).isEqualTo(201);
        assertThat(authorized.json().path("status").asText()).isEqualTo("authorized");
        assertThat(authorized.json().path("capturedAmount").asLong()).isZero();
        assertThat(client.capturesOf(order)).isZero();

        String captureKey = newKey();
        Answer captured = client.post("/v1/payments/" + id + "/capture", captureKey, "");

        assertThat(captured.status()).isEqualTo(200);
        assertThat(captured.json().path("status").asText()).isEqualTo("captured");
        assertThat(captured.json().path("capturedAmount").asLong()).isEqualTo(1999);
        JsonNode ledger = client.get("/v1/ledger?orderReference=" + order).json().path("data");
        assertThat(ledger).hasSize(1);
        assertThat(ledger.get(0).path("type").asText()).isEqualTo("capture");
        assertThat(ledger.get(0).path("paymentId").asText()).isEqualTo(id);
        assertThat(ledger.get(0).path("idempotencyKey").asText()).isEqualTo(captureKey);
        assertThat(ledger.get(0).path("amount").asLong()).isEqualTo(1999);
        assertThat(ledger.get(0).path("currency").asText()).isEqualTo("EUR");
        assertThat(ledger.get(0).hasNonNull("at")).isTrue();
    }

    @Test
    void capturing_a_payment_that_is_not_authorized_is_an_invalid_state() throws Exception {
        String captured = client.post("/v1/payments", newKey(), charge(1999, successToken, newOrder()))
                .json().path("id").asText();
        String declined = client.post("/v1/payments", newKey(),
                charge(1999, token(MagicCard.DECLINED), newOrder())).json().path("id").asText();

        for (String id : new String[]{captured, declined}) {
            Answer answer = client.post("/v1/payments/" + id + "/capture", newKey(), "");
            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.error()).isEqualTo("invalid_state");
            assertThat(answer.json().path("payment").path("id").asText()).isEqualTo(id);
        }
        assertThat(provider().ledger()).hasSize(1);
    }

    @Test
    void an_authorized_payment_can_be_canceled_and_canceling_again_changes_nothing() throws Exception {
        String order = newOrder();
        String id = client.post("/v1/payments", newKey(), authorize(1999, successToken, order))
                .json().path("id").asText();

        Answer canceled = client.post("/v1/payments/" + id + "/cancel", newKey(), "");
        Answer again = client.post("/v1/payments/" + id + "/cancel", newKey(), "");

        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.json().path("status").asText()).isEqualTo("canceled");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("status").asText()).isEqualTo("canceled");
        assertThat(again.json().path("updatedAt")).isEqualTo(canceled.json().path("updatedAt"));
        Answer capture = client.post("/v1/payments/" + id + "/capture", newKey(), "");
        assertThat(capture.status()).isEqualTo(409);
        assertThat(client.capturesOf(order)).isZero();
    }

    @Test
    void canceling_a_captured_payment_is_refused_as_already_captured() throws Exception {
        String id = client.post("/v1/payments", newKey(), charge(1999, successToken, newOrder()))
                .json().path("id").asText();

        Answer cancel = client.post("/v1/payments/" + id + "/cancel", newKey(), "");

        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.error()).isEqualTo("already_captured");
        assertThat(cancel.json().path("payment").path("status").asText()).isEqualTo("captured");
    }

    @Test
    void canceling_a_declined_payment_is_an_invalid_state() throws Exception {
        String id = client.post("/v1/payments", newKey(), charge(1999, token(MagicCard.DECLINED), newOrder()))
                .json().path("id").asText();

        Answer cancel = client.post("/v1/payments/" + id + "/cancel", newKey(), "");

        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.error()).isEqualTo("invalid_state");
    }

    @Test
    void a_partial_and_then_the_remaining_refund_are_accepted_and_recorded_in_the_ledger() throws Exception {
        String order = newOrder();
        String id = client.post("/v1/payments", newKey(), charge(1999, successToken, order)).json().path("id").asText();

        Answer partial = client.post("/v1/payments/" + id + "/refunds", newKey(), "{\"amount\":500}");
        Answer rest = client.post("/v1/payments/" + id + "/refunds", newKey(), "{\"amount\":1499}");

        assertThat(partial.status()).isEqualTo(201);
        assertThat(partial.json().path("id").asText()).startsWith("re_");
        assertThat(partial.json().path("paymentId").asText()).isEqualTo(id);
        assertThat(partial.json().path("amount").asLong()).isEqualTo(500);
        assertThat(partial.json().path("status").asText()).isEqualTo("succeeded");
        assertThat(partial.json().hasNonNull("createdAt")).isTrue();
        assertThat(rest.status()).isEqualTo(201);
        JsonNode payment = client.get("/v1/payments/" + id).json();
        assertThat(payment.path("refundedAmount").asLong()).isEqualTo(1999);
        assertThat(payment.path("capturedAmount").asLong()).isEqualTo(1999);
        assertThat(client.get("/v1/ledger?orderReference=" + order).json().path("data"))
                .extracting(e -> e.path("type").asText() + ":" + e.path("amount").asLong())
                .containsExactly("capture:1999", "refund:500", "refund:1499");
    }

    @Test
    void a_refund_above_what_is_left_to_refund_is_rejected_and_changes_nothing() throws Exception {
        String id = client.post("/v1/payments", newKey(), charge(1999, successToken, newOrder()))
                .json().path("id").asText();
        client.post("/v1/payments/" + id + "/refunds", newKey(), "{\"amount\":1000}");

        Answer tooLarge = client.post("/v1/payments/" + id + "/refunds", newKey(), "{\"amount\":1000}");
        Answer aboveCaptured = client.post("/v1/payments/" + id + "/refunds", newKey(), "{\"amount\":5000}");

        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.error()).isEqualTo("amount_too_large");
        assertThat(aboveCaptured.status()).isEqualTo(400);
        assertThat(aboveCaptured.error()).isEqualTo("amount_too_large");
        assertThat(provider().payment(id).orElseThrow().refundedAmount()).isEqualTo(1000);
        assertThat(provider().refunds()).hasSize(1);
    }

    @Test
    void a_refund_of_nothing_or_of_a_negative_amount_is_an_invalid_request() throws Exception {
        String id = client.post("/v1/payments", newKey(), charge(1999, successToken, newOrder()))
                .json().path("id").asText();

        for (String body : new String[]{"{\"amount\":0}", "{\"amount\":-5}", "{}", "{\"amount\":\"5\"}", "nope"}) {
            Answer answer = client.post("/v1/payments/" + id + "/refunds", newKey(), body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.error()).as(body).isEqualTo("invalid_request");
        }
        assertThat(provider().refunds()).isEmpty();
    }

    @Test
    void refunding_a_payment_that_was_not_captured_is_an_invalid_state() throws Exception {
        String id = client.post("/v1/payments", newKey(), authorize(1999, successToken, newOrder())).json().path("id")
                .asText();

        Answer refund = client.post("/v1/payments/" + id + "/refunds", newKey(), "{\"amount\":100}");

        assertThat(refund.status()).isEqualTo(409);
        assertThat(refund.error()).isEqualTo("invalid_state");
        assertThat(provider().refunds()).isEmpty();
    }

    @Test
    void an_unknown_payment_is_not_found() throws Exception {
        assertThat(client.get("/v1/payments/pay_nope").status()).isEqualTo(404);
        assertThat(client.post("/v1/payments/pay_nope/capture", newKey(), "").status()).isEqualTo(404);
        assertThat(client.post("/v1/payments/pay_nope/cancel", newKey(), "").status()).isEqualTo(404);
        assertThat(client.post("/v1/payments/pay_nope/refunds", newKey(), "{\"amount\":1}").status())
                .isEqualTo(404);
        assertThat(client.get("/v1/nothing").status()).isEqualTo(404);
    }

    @Test
    void payments_are_found_by_order_reference_and_by_idempotency_key() throws Exception {
        String order = newOrder();
        String firstKey = newKey();
        String first = client.post("/v1/payments", firstKey, charge(1000, successToken, order))
                .json().path("id").asText();
        String second = client.post("/v1/payments", newKey(), charge(2000, token(MagicCard.DECLINED), order))
                .json().path("id").asText();
        client.post("/v1/payments", newKey(), charge(3000, successToken, newOrder()));

        JsonNode byOrder = client.get("/v1/payments?orderReference=" + order).json().path("data");
        JsonNode byKey = client.get("/v1/payments?idempotencyKey=" + firstKey).json().path("data");

        assertThat(byOrder).extracting(p -> p.path("id").asText()).containsExactly(first, second);
        assertThat(byKey).extracting(p -> p.path("id").asText()).containsExactly(first);
        assertThat(client.get("/v1/payments?orderReference=unknown").json().path("data")).isEmpty();
        assertThat(client.get("/v1/payments?idempotencyKey=unknown").json().path("data")).isEmpty();
    }

    @Test
    void listing_payments_needs_exactly_one_of_the_two_query_parameters() throws Exception {
        assertThat(client.get("/v1/payments").status()).isEqualTo(400);
        assertThat(client.get("/v1/payments?orderReference=a&idempotencyKey=b").status()).isEqualTo(400);
    }

    @Test
    void the_ledger_lists_every_capture_and_refund_in_order() throws Exception {
        String orderA = newOrder();
        String orderB = newOrder();
        String a = client.post("/v1/payments", newKey(), charge(100, successToken, orderA)).json().path("id").asText();
        client.post("/v1/payments", newKey(), charge(200, successToken, orderB));
        client.post("/v1/payments/" + a + "/refunds", newKey(), "{\"amount\":40}");

        JsonNode all = client.get("/v1/ledger").json().path("data");

        assertThat(all).extracting(e -> e.path("orderReference").asText() + ":" + e.path("type").asText())
                .containsExactly(orderA + ":capture", orderB + ":capture", orderA + ":refund");
        assertThat(provider().ledger(orderA)).hasSize(2);
    }
}
