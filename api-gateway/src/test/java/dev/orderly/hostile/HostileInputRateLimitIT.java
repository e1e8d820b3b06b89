package dev.orderly.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.support.GraphQlHttp;
import dev.orderly.support.GraphQlSocket;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.SharedDatabaseNodes;
import dev.orderly.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A caller who sends more than a person would, through every door: GraphQL documents full of aliased mutations, REST
 * and GraphQL in turn, two nodes in turn, wrong passwords and no credentials at all. Each is held to one budget.
 *
 * <p>Budgets refill at one token per 1000 s, so no token comes back while a test runs: what each test counts is the
 * budget itself, whatever the machine's speed. Each test is a caller of its own (ops, bob, alice) or speaks from a
 * client address of its own, set as a proxy would with {@code X-Forwarded-For} (trusted from loopback once
 * {@code server.forward-headers-strategy} is set, as the README says to behind a proxy).
 */
@OrderlySystemTest
@TestPropertySource(properties = {"orderly.test.database=hostile-rate-limit",
        "orderly.rate-limit.burst=60", "orderly.rate-limit.per-second=0.001",
        "orderly.rate-limit.address.burst=5", "orderly.rate-limit.address.per-second=0.001",
        "orderly.rate-limit.cleanup-interval=1s", "server.forward-headers-strategy=native"})
class HostileInputRateLimitIT {

    private static final String RATE_LIMITED = "https://orderly.dev/problems/rate-limited";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void two_hundred_aliased_reservations_in_eight_documents_stop_at_the_budget_and_nothing_past_it_is_stored() {
        // The operator (exempt from reservation quotas) spends one of its 60 tokens registering the resource.
        String resourceId = new TestApi(port).registerResource("Alias rush", 500);
        GraphQlHttp ops = GraphQlHttp.as(port, "ops");

        List<TestApi.Response> answers = new ArrayList<>();
        for (int document = 0; document < 8; document++) {
            answers.add(ops.send(aliased(25, "reserve(resourceId: $id, input: {customerId: \"alice\", quantity: 1})"
                    + " { reservation { reservationId } }", "$id: UUID!"), "id", resourceId));
        }

        // 59 tokens pay for two documents; the third needs 25 with 9 left and is refused whole, as are the rest.
        assertThat(answers).extracting(TestApi.Response::status)
                .containsExactly(200, 200, 429, 429, 429, 429, 429, 429);
        assertThat(answers.get(1).body().get("data").size()).isEqualTo(25);
        TestApi.Response third = answers.get(2);
        assertThat(third.body().path("data").isMissingNode() || third.body().get("data").isNull()).isTrue();
        JsonNode error = third.body().get("errors").get(0);
        assertThat(error.at("/extensions/type").asText()).isEqualTo(RATE_LIMITED);
        assertThat(error.at("/extensions/classification").asText()).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(error.at("/extensions/status").asInt()).isEqualTo(429);
        assertThat(third.header("RateLimit")).isEqualTo("\"commands\";r=9;t=" + third.retryAfter());

        assertThat(jdbc.queryForObject("SELECT count(*) FROM accepted_command WHERE command_id LIKE 'reserve:%'"
                + " AND aggregate_id = ?", Long.class, resourceId)).isEqualTo(50);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM reservation_status WHERE resource_id = ? AND status = 'CONFIRMED'", Long.class,
                resourceId)).isEqualTo(50));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?"
                + " AND payloadtype LIKE '%ResourceReservedEvent'", Long.class, resourceId)).isEqualTo(50);
    }

    @Test
    void rest_commands_and_graphql_mutations_draw_from_one_budget() {
        TestApi rest = TestApi.as(port, "bob");
        GraphQlHttp graphQl = GraphQlHttp.as(port, "bob");

        // 50 of bob's 60 tokens on two GraphQL documents, paid before they run: that the order does not exist (and
        // the first NOT_FOUND ends each document) makes no difference to the budget.
        for (int document = 0; document < 2; document++) {
            TestApi.Response answer = graphQl.send(aliased(25, "cancelOrder(orderId: \"" + UUID.randomUUID()
                    + "\") { order { orderId } }", null));
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().at("/errors/0/extensions/classification").asText()).isEqualTo("NOT_FOUND");
        }
        List<Integer> restStatuses = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            restStatuses.add(rest.post("/api/orders/" + UUID.randomUUID() + "/cancellation", "{}").status());
        }

        assertThat(restStatuses.subList(0, 10)).containsOnly(404);
        assertThat(restStatuses.get(10)).isEqualTo(429);
        TestApi.Response oneMore = graphQl.send(aliased(1, "cancelOrder(orderId: \"" + UUID.randomUUID()
                + "\") { order { orderId } }", null));
        assertThat(oneMore.status()).isEqualTo(429);
        assertThat(oneMore.body().at("/errors/0/extensions/type").asText()).isEqualTo(RATE_LIMITED);
    }

    @Test
    void refusals_carry_retry_after_and_the_rate_limit_fields_and_accepted_commands_the_remaining_budget() {
        TestApi rest = TestApi.as(port, "alice");
        GraphQlHttp graphQl = GraphQlHttp.as(port, "alice");
        String policy = "\"commands\";q=60;w=60000";

        TestApi.Response first = rest.post("/api/orders/" + UUID.randomUUID() + "/cancellation", "{}");
        assertThat(first.status()).isEqualTo(404);
        assertThat(first.header("RateLimit-Policy")).isEqualTo(policy);
        assertThat(first.header("RateLimit")).matches("\"commands\";r=59;t=[1-9][0-9]*");
        assertThat(first.retryAfter()).isNull();

        TestApi.Response accepted = graphQl.send(aliased(25, "cancelOrder(orderId: \"" + UUID.randomUUID()
                + "\") { order { orderId } }", null));
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.header("RateLimit")).startsWith("\"commands\";r=34;t=");

        graphQl.send(aliased(25, "cancelOrder(orderId: \"" + UUID.randomUUID() + "\") { order { orderId } }", null));
        TestApi.Response refusedDocument = graphQl.send(aliased(25, "cancelOrder(orderId: \"" + UUID.randomUUID()
                + "\") { order { orderId } }", null));
        assertThat(refusedDocument.status()).isEqualTo(429);
        // 16 more tokens at one per 1000 s
        assertThat(Long.parseLong(refusedDocument.retryAfter())).isBetween(15_000L, 16_000L);
        assertThat(refusedDocument.header("RateLimit-Policy")).isEqualTo(policy);
        assertThat(refusedDocument.header("RateLimit")).isEqualTo("\"commands\";r=9;t=" + refusedDocument.retryAfter());
        assertThat(refusedDocument.body().at("/errors/0/extensions/retryAfter").asText())
                .isEqualTo(refusedDocument.retryAfter());

        for (int i = 0; i < 9; i++) {
            rest.post("/api/orders/" + UUID.randomUUID() + "/cancellation", "{}");
        }
        TestApi.Response refusedCommand = rest.post("/api/orders/" + UUID.randomUUID() + "/cancellation", "{}");
        assertThat(refusedCommand.status()).isEqualTo(429);
        assertThat(refusedCommand.contentType()).startsWith("application/problem+json");
        assertThat(refusedCommand.text("type")).isEqualTo(RATE_LIMITED);
        assertThat(Long.parseLong(refusedCommand.retryAfter())).isBetween(1L, 1_000L);
        assertThat(refusedCommand.header("RateLimit-Policy")).isEqualTo(policy);
        assertThat(refusedCommand.header("RateLimit")).isEqualTo("\"commands\";r=0;t=" + refusedCommand.retryAfter());
    }

    @Test
    void failed_logins_from_one_address_get_429_after_the_budget_even_with_the_right_password() {
        String wrong = TestApi.basic("alice", "not-alice-secret");
        TestApi client = TestApi.anonymous(port);
        for (int i = 0; i < 5; i++) {
            assertThat(client.get("/api/resources", "Authorization", wrong, "X-Forwarded-For", "203.0.113.7")
                    .status()).isEqualTo(401);
        }

        // A sixth guess is refused before Spring Security looks at it (it would answer 401), so no hash is computed;
        // so is the right password from there.
        TestApi.Response guess = client.get("/api/resources", "Authorization", wrong, "X-Forwarded-For", "203.0.113.7");
        TestApi.Response right = client.get("/api/resources", "Authorization", TestApi.basic("alice"),
                "X-Forwarded-For", "203.0.113.7");

        assertThat(guess.status()).isEqualTo(429);

        assertThat(right.status()).isEqualTo(429);
        assertThat(right.text("type")).isEqualTo(RATE_LIMITED);
        assertThat(Long.parseLong(right.retryAfter())).isBetween(1L, 1_000L);
        assertThat(right.header("RateLimit-Policy")).isEqualTo("\"address\";q=5;w=5000");
        assertThat(right.header("RateLimit")).isEqualTo("\"address\";r=0;t=" + right.retryAfter());
        // alice herself, from where she usually is, is not locked out
        assertThat(TestApi.as(port, "alice").get("/api/resources", "X-Forwarded-For", "203.0.113.8").status())
                .isEqualTo(200);
    }

    @Test
    void password_guesses_in_a_websockets_connection_init_take_from_the_same_budget_and_are_then_not_checked() {
        Map<String, String> from = Map.of("X-Forwarded-For", "203.0.113.21");
        // opened while the address still had its budget, by a guesser who signed the handshake with an account of
        // their own (a handshake that succeeds takes no token)
        GraphQlSocket waiting = GraphQlSocket.open(port, null, TestApi.basic("alice"), from);
        for (int i = 0; i < 5; i++) {
            GraphQlSocket guess = GraphQlSocket.open(port, null, TestApi.basic("alice"), from);
            guess.init(Map.of("Authorization", TestApi.basic("ops", "guess-" + i)));
            await().atMost(Duration.ofSeconds(10)).until(guess.closed::isDone);
            assertThat(guess.closed.join().getKey()).isEqualTo(4401);
        }

        // the right password, from there, is refused without being checked, on the socket and over HTTP
        waiting.init(Map.of("Authorization", TestApi.basic("ops")));
        await().atMost(Duration.ofSeconds(10)).until(waiting.closed::isDone);
        assertThat(waiting.closed.join().getKey()).isEqualTo(4401);
        assertThat(waiting.received("\"connection_ack\"")).isFalse();
        assertThat(TestApi.anonymous(port).get("/api/resources", "Authorization", TestApi.basic("ops"),
                "X-Forwarded-For", "203.0.113.21").status()).isEqualTo(429);
    }

    @Test
    void the_pages_and_their_files_are_not_counted_against_an_addresses_anonymous_budget() throws Exception {
        for (int load = 0; load < 4; load++) {
            for (String path : List.of("/", "/assets/booking.js", "/assets/api.js", "/assets/orderly.css", "/ops",
                    "/assets/ops.js")) {
                assertThat(page("GET", path, "203.0.113.22")).as(path).isEqualTo(200);
            }
            // a monitor or link checker asks with HEAD
            assertThat(page("HEAD", "/", "203.0.113.22")).isEqualTo(200);
        }
        // the API itself still is
        TestApi client = TestApi.anonymous(port);
        for (int i = 0; i < 5; i++) {
            assertThat(client.get("/api/resources", "X-Forwarded-For", "203.0.113.22").status()).isEqualTo(401);
        }
        assertThat(client.get("/api/resources", "X-Forwarded-For", "203.0.113.22").status()).isEqualTo(429);
    }

    private int page(String method, String path, String address) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-Forwarded-For", address).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void requests_without_credentials_from_one_address_get_429_after_the_budget() {
        TestApi client = TestApi.anonymous(port);
        for (int i = 0; i < 5; i++) {
            assertThat(client.get("/api/resources", "X-Forwarded-For", "203.0.113.9").status()).isEqualTo(401);
        }

        TestApi.Response sixth = client.get("/api/resources", "X-Forwarded-For", "203.0.113.9");

        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.text("type")).isEqualTo(RATE_LIMITED);
        assertThat(sixth.retryAfter()).isNotBlank();
        // Health probes from the balancer's address are not requests to limit.
        assertThat(client.get("/actuator/health/readiness", "X-Forwarded-For", "203.0.113.9").status())
                .isEqualTo(200);
    }

    @Test
    void one_caller_alternating_between_two_nodes_gets_the_budget_once() throws Exception {
        String[] limits = {"orderly.rate-limit.burst=10", "orderly.rate-limit.per-second=0.001"};
        try (SharedDatabaseNodes nodes = new SharedDatabaseNodes()) {
            ConfigurableApplicationContext nodeA = nodes.start("limit-a", limits);
            ConfigurableApplicationContext nodeB = nodes.start("limit-b", limits);
            List<TestApi> both = List.of(SharedDatabaseNodes.api(nodeA), SharedDatabaseNodes.api(nodeB));

            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                statuses.add(both.get(i % 2).post("/api/resources", "{\"name\":\"Spread " + i
                        + "\",\"capacity\":1,\"unitPrice\":1250,\"currency\":\"EUR\"}").status());
            }

            assertThat(statuses).filteredOn(status -> status == 201).hasSize(10);
            assertThat(statuses).filteredOn(status -> status == 429).hasSize(20);
            // Both nodes refused: neither gave the caller a budget of its own.
            assertThat(List.of(statuses.get(28), statuses.get(29))).containsOnly(429);
            JdbcTemplate shared = new JdbcTemplate(nodes.postgres().getPostgresDatabase());
            assertThat(shared.queryForObject("SELECT count(*) FROM domainevententry"
                    + " WHERE payloadtype LIKE '%ResourceRegisteredEvent'", Long.class)).isEqualTo(10);
        }
    }

    @Test
    void buckets_past_their_expiry_are_deleted_and_the_others_kept() {
        TestApi client = TestApi.anonymous(port);
        client.get("/api/resources", "X-Forwarded-For", "203.0.113.10");
        client.get("/api/resources", "X-Forwarded-For", "203.0.113.11");
        String sql = "SELECT expires_at FROM rate_limit_bucket WHERE id LIKE ?";
        // A bucket expires once it would be full again (here in 1000 s), plus a margin: then it is worth nothing.
        assertThat(jdbc.queryForObject(sql, Long.class, "%/203.0.113.10"))
                .isGreaterThan(System.currentTimeMillis() + 900_000);

        // As if 203.0.113.10 had been quiet for that long.
        jdbc.update("UPDATE rate_limit_bucket SET expires_at = 0 WHERE id LIKE ?", "%/203.0.113.10");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jdbc.queryForList(sql, Long.class,
                "%/203.0.113.10")).isEmpty());
        assertThat(jdbc.queryForList(sql, Long.class, "%/203.0.113.11")).hasSize(1);
    }

    @Test
    void wrong_passwords_on_preflights_health_probes_and_webhooks_are_failed_logins_like_any_other()
            throws Exception {
        String address = "203.0.113.71";
        String wrong = TestApi.basic("alice", "guess");
        // Spring Security hashes the password of any request that sends one, whatever its path or method.
        assertThat(send("OPTIONS", "/api/orders", wrong, address)).isEqualTo(401);
        assertThat(send("OPTIONS", "/graphql", wrong, address)).isEqualTo(401);
        assertThat(send("GET", "/actuator/health", wrong, address)).isEqualTo(401);
        assertThat(send("GET", "/actuator/health/liveness", wrong, address)).isEqualTo(401);
        assertThat(send("POST", "/api/webhooks/warehouse", wrong, address)).isEqualTo(401);

        assertThat(send("GET", "/api/resources", TestApi.basic("alice"), address)).isEqualTo(429);
        assertThat(send("OPTIONS", "/api/orders", wrong, address)).isEqualTo(429);
        // Without credentials they are still left alone: a probe or a preflight has none to guess with.
        assertThat(send("GET", "/actuator/health", null, address)).isEqualTo(200);
    }

    @Test
    void an_authorization_header_of_another_scheme_is_no_credentials_and_is_limited_as_anonymous()
            throws Exception {
        String address = "203.0.113.72";
        // In basic mode Spring Security ignores a Bearer header: the request is anonymous, refused by the OPS-only
        // endpoint once the address budget let it through.
        for (int i = 0; i < 5; i++) {
            assertThat(send("GET", "/actuator/info", "Bearer not-checked-" + i, address)).isEqualTo(401);
        }

        assertThat(send("GET", "/actuator/info", "Bearer not-checked", address)).isEqualTo(429);
        assertThat(send("GET", "/actuator/info", "Negotiate abc", address)).isEqualTo(429);
    }

    /** One request from {@code address}, as a proxy would name it, with the given credentials if any. */
    private int send(String method, String path, String authorization, String address) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("X-Forwarded-For", address)
                .header("Content-Type", "application/json")
                .method(method, "POST".equals(method) ? HttpRequest.BodyPublishers.ofString("{}")
                        : HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A mutation document of {@code count} aliases of the same field, with the given variable definitions. */
    private static String aliased(int count, String field, String variables) {
        StringBuilder document = new StringBuilder(variables == null ? "mutation {" : "mutation(" + variables + ") {");
        for (int i = 0; i < count; i++) {
            document.append("\n  m").append(i).append(": ").append(field);
        }
        return document.append("\n}").toString();
    }
}
