package dev.sandbox.payment;

import dev.sandbox.SandboxClient.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static dev.sandbox.SandboxClient.charge;
import static org.assertj.core.api.Assertions.assertThat;

class TokenisationTest extends PaymentSandboxTestBase {

    private static final String CARD = MagicCard.SUCCESS.number();

    @Test
    void a_card_is_traded_for_a_random_token_that_does_not_carry_its_number() throws Exception {
        Answer first = client.post("/v1/tokens", null, "{\"card\":\"" + CARD + "\"}");
        Answer second = client.post("/v1/tokens", null, "{\"card\":\"" + CARD + "\"}");

        assertThat(first.status()).isEqualTo(201);
        String token = first.json().path("token").asText();
        assertThat(token).matches("tok_[0-9a-f]{24}");
        assertThat(second.json().path("token").asText()).isNotEqualTo(token);
        assertThat(first.body()).doesNotContain(CARD).doesNotContain(CARD.substring(CARD.length() - 4));
    }

    @Test
    void a_token_charges_as_its_card_would_and_no_answer_holds_the_number() throws Exception {
        String order = newOrder();
        String declining = client.token("4000-0000-0000-0002");

        Answer declined = client.post("/v1/payments", newKey(), charge(1999, declining, order));
        Answer captured = client.post("/v1/payments", newKey(), charge(1999, client.token(CARD), order));

        assertThat(declined.status()).isEqualTo(402);
        assertThat(declined.json().path("declineCode").asText()).isEqualTo("card_declined");
        assertThat(captured.status()).isEqualTo(201);
        assertThat(client.capturesOf(order)).isEqualTo(1);
        assertThat(client.get("/v1/payments?orderReference=" + order).body())
                .doesNotContain(CARD).doesNotContain("4000000000000002").doesNotContain(declining);
    }

    @Test
    void an_unknown_token_is_refused_with_invalid_token_and_nothing_is_charged() throws Exception {
        String order = newOrder();
        String key = newKey();

        Answer refused = client.post("/v1/payments", key, charge(1999, "tok_000000000000000000000000", order));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isEqualTo("invalid_token");
        assertThat(client.paymentsWithKey(key)).isEmpty();
        assertThat(client.capturesOf(order)).isZero();
    }

    @ParameterizedTest(name = "[{index}] body: {0}")
    @ValueSource(strings = {"{\"card\":\"4242 4242\"}", "{\"card\":\"42424242424242424242\"}",
            "{\"card\":\"4242-4242-4242-424x\"}", "{\"card\":\"\"}", "{\"card\":4242424242424242}", "{}", "[]"})
    void a_card_that_is_no_card_number_gets_no_token_and_is_not_echoed(String body) throws Exception {
        Answer refused = client.post("/v1/tokens", null, body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.error()).isIn("incorrect_number", "invalid_request");
        assertThat(refused.body()).doesNotContain("4242");
    }

    @Test
    void a_page_on_any_origin_may_tokenise_from_the_browser_but_not_charge() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(sandbox.baseUri().resolve("/v1/tokens"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
        Answer tokenised = client.post("/v1/tokens", null, "{\"card\":\"" + CARD + "\"}");
        Answer charged = client.post("/v1/payments", newKey(), charge(1999, successToken, newOrder()));

        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("Content-Type");
        assertThat(tokenised.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(charged.status()).isEqualTo(201);
        assertThat(charged.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void tokens_are_only_created_by_post() throws Exception {
        assertThat(client.get("/v1/tokens").status()).isEqualTo(405);
    }
}
