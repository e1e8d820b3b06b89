package dev.orderly.browser;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import static dev.orderly.browser.CrossOriginClient.FRONTEND;
import static dev.orderly.browser.CrossOriginClient.assertOriginRefused;
import static dev.orderly.browser.CrossOriginClient.assertReadableBy;
import static dev.orderly.browser.CrossOriginClient.names;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A frontend on a dev server ({@code http://localhost:5173}, an allowed origin by default) calls the API as a
 * browser would: its preflights are answered without credentials, and it can read every answer, errors included,
 * with the headers it needs (Location, Consistency-Token, the rate-limit fields...). A page of any other origin gets
 * nothing it can read.
 */
@OrderlySystemTest
class CrossOriginIT {

    /** What a frontend of this API sets, as a browser lists them in the preflight. */
    private static final String FRONTEND_HEADERS =
            "authorization,content-type,idempotency-key,consistent-with,prefer,x-correlation-id,x-requested-with";

    @LocalServerPort
    int port;

    @Test
    void a_preflight_from_an_allowed_origin_is_answered_without_credentials_for_every_kind_of_call()
            throws Exception {
        CrossOriginClient browser = new CrossOriginClient(port);
        UUID id = UUID.randomUUID();
        for (String[] call : new String[][] {{"POST", "/api/orders"}, {"GET", "/api/orders/" + id},
                {"POST", "/api/orders/" + id + "/cancellation"}, {"POST", "/api/stream-tickets"},
                {"GET", "/api/orders/" + id + "/events"}, {"POST", "/graphql"}, {"PUT", "/api/resources/" + id
                + "/price"}, {"POST", "/api/ops/payments/" + id + "/resolution"}}) {
            for (String origin : List.of(FRONTEND, "http://127.0.0.1:3000")) {
                HttpResponse<String> preflight = browser.preflight(origin, call[0], call[1], FRONTEND_HEADERS);

                assertThat(preflight.statusCode()).as(call[0] + " " + call[1] + " " + preflight.body())
                        .isEqualTo(200);
                assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin);
                assertThat(names(preflight, "Access-Control-Allow-Methods")).contains(call[0].toLowerCase());
                assertThat(names(preflight, "Access-Control-Allow-Headers"))
                        .containsAll(List.of(FRONTEND_HEADERS.split(",")));
                assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("1800");
                assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
                assertThat(preflight.headers().firstValue("WWW-Authenticate")).isEmpty();
            }
        }
    }

    @Test
    void a_preflight_from_another_origin_or_for_a_method_the_api_does_not_serve_is_403_with_no_cors_headers()
            throws Exception {
        CrossOriginClient browser = new CrossOriginClient(port);
        for (String origin : List.of("https://evil.example", "http://localhost.evil.example:5173",
                "http://evil.example:5173", "null", "https://localhost:5173.evil.example")) {
            assertOriginRefused(browser.preflight(origin, "POST", "/api/orders", "authorization,content-type"));
        }
        assertOriginRefused(browser.preflight(FRONTEND, "TRACE", "/api/orders", null));
        // A header the API does not read is left out of the allowed ones, and the browser then sends nothing.
        HttpResponse<String> unknownHeader = browser.preflight(FRONTEND, "POST", "/api/orders", "authorization,x-evil");
        assertThat(names(unknownHeader, "Access-Control-Allow-Headers")).contains("authorization")
                .doesNotContain("x-evil");
        // Browsers never send credentials on a preflight; one that does is not spared the origin check.
        assertOriginRefused(browser.preflight("https://evil.example", "GET", "/api/orders", "authorization",
                "Authorization", TestApi.basic("alice")));
    }

    @Test
    void a_request_from_another_origin_is_refused_even_with_good_credentials_and_programs_are_left_alone()
            throws Exception {
        CrossOriginClient browser = new CrossOriginClient(port);

        HttpResponse<String> foreign = browser.send("https://evil.example", "GET", "/api/orders",
                HttpRequest.BodyPublishers.noBody(), "Authorization", TestApi.basic("alice"));

        assertOriginRefused(foreign);
        assertThat(foreign.body()).doesNotContain("orderId");
        TestApi.Response program = TestApi.as(port, "alice").get("/api/orders");
        assertThat(program.status()).isEqualTo(200);
        assertThat(program.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void a_page_reads_location_consistency_token_correlation_id_and_rate_limit_fields_of_a_command()
            throws Exception {
        CrossOriginClient browser = new CrossOriginClient(port);
        String resourceId = new TestApi(port).registerResource("Cross-origin lamp " + UUID.randomUUID(), 5);

        HttpResponse<String> placed = browser.send(FRONTEND, "POST", "/api/orders",
                HttpRequest.BodyPublishers.ofString(TestOrders.orderJson(resourceId, 1, "alice",
                        "alice@example.com", TestOrders.GOOD_CARD)),
                "Authorization", TestApi.basic("alice"), "Content-Type", "application/json",
                "X-Correlation-Id", "page-42");

        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        assertThat(placed.headers().map().keySet()).map(String::toLowerCase).contains("location",
                "consistency-token", "x-correlation-id", "ratelimit", "ratelimit-policy");
        assertReadableBy(FRONTEND, placed);
        assertThat(names(placed, "Access-Control-Expose-Headers")).contains("location", "consistency-token",
                "x-correlation-id", "retry-after", "ratelimit", "ratelimit-policy");
    }

    @Test
    void a_page_reads_the_problem_of_every_refusal_before_its_request_reaches_an_endpoint() throws Exception {
        CrossOriginClient browser = new CrossOriginClient(port);
        String json = "application/json";
        List<HttpResponse<String>> refusals = List.of(
                // 401 from Spring Security: no credentials, a wrong password
                browser.send(FRONTEND, "GET", "/api/orders", HttpRequest.BodyPublishers.noBody()),
                browser.send(FRONTEND, "GET", "/api/orders", HttpRequest.BodyPublishers.noBody(),
                        "Authorization", TestApi.basic("alice", "guess")),
                // 403 for a role the caller lacks
                browser.send(FRONTEND, "GET", "/api/ops/payments/attention", HttpRequest.BodyPublishers.noBody(),
                        "Authorization", TestApi.basic("alice")),
                // 413 from the body limit, 415 from the content-type check
                browser.send(FRONTEND, "POST", "/api/stream-tickets",
                        HttpRequest.BodyPublishers.ofString("{\"orderId\":\"" + "x".repeat(1_100_000) + "\"}"),
                        "Authorization", TestApi.basic("alice"), "Content-Type", json),
                browser.send(FRONTEND, "POST", "/api/stream-tickets",
                        HttpRequest.BodyPublishers.ofString("{}"), "Authorization", TestApi.basic("alice"),
                        "Content-Type", "text/plain"),
                // 400 and 404 from the endpoint's own checks
                browser.send(FRONTEND, "POST", "/api/stream-tickets", HttpRequest.BodyPublishers.ofString("{}"),
                        "Authorization", TestApi.basic("alice"), "Content-Type", json),
                browser.send(FRONTEND, "GET", "/api/orders/" + UUID.randomUUID(),
                        HttpRequest.BodyPublishers.noBody(), "Authorization", TestApi.basic("alice")),
                // 401 for a ticket that opens nothing
                browser.send(FRONTEND, "GET", "/api/orders/" + UUID.randomUUID() + "/events?ticket=forged",
                        HttpRequest.BodyPublishers.noBody(), "Accept", "text/event-stream"));

        assertThat(refusals).extracting(HttpResponse::statusCode)
                .containsExactly(401, 401, 403, 413, 415, 400, 404, 401);
        for (HttpResponse<String> refusal : refusals) {
            assertReadableBy(FRONTEND, refusal);
            assertThat(refusal.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(names(refusals.get(0), "Access-Control-Expose-Headers")).contains("www-authenticate");
    }
}
