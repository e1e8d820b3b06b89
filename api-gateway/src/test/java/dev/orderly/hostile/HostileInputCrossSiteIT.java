package dev.orderly.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.gateway.web.WebProperties;
import dev.orderly.support.GraphQlSocket;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * A page on another site, visited by a signed-in user whose browser holds their Basic credentials, tries to act for
 * them: forms and bodiless fetches (which browsers send without a CORS preflight) against state-changing endpoints,
 * and a GraphQL WebSocket opened from its own origin. Each is refused and nothing changes; the same requests with
 * {@code Content-Type: application/json}, or a handshake from an allowed origin or from no browser at all, work.
 */
@OrderlySystemTest
class HostileInputCrossSiteIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UNSUPPORTED = "https://orderly.dev/problems/unsupported-media-type";
    /** What a cross-site form or a fetch without preflight can send: nothing at all, or one of the simple types. */
    private static final List<String> CROSS_SITE_TYPES = List.of("", "text/plain",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void release() {
        TestSandbox.holdShipments(false);
    }

    @Test
    void a_bodiless_cancellation_or_release_without_the_json_content_type_is_415_and_changes_nothing()
            throws Exception {
        TestApi alice = TestApi.as(port, "alice");
        TestSandbox.holdShipments(true);
        String resourceId = new TestApi(port).registerResource("Cross-site lamp", 3);
        String orderId = alice.post("/api/orders", TestOrders.orderJson(resourceId, 1, "alice",
                "alice@example.com", TestOrders.GOOD_CARD).replace("\"customerId\":\"alice\",", "")).text("orderId");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(alice.get("/api/orders/" + orderId).text("status")).isEqualTo("PICKING"));
        String reservationId = alice.post("/api/resources/" + resourceId + "/reservations", "{\"quantity\":1}")
                .text("reservationId");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(alice.get("/api/reservations/" + reservationId).text("status")).isEqualTo("CONFIRMED"));

        long eventsBefore = events(orderId, resourceId);

        for (String type : CROSS_SITE_TYPES) {
            assertRefused(post("alice", "/api/orders/" + orderId + "/cancellation", type, ""));
            assertRefused(post("alice", "/api/reservations/" + reservationId + "/release", type,
                    type.startsWith("application/x-www") ? "reason=cross-site" : ""));
        }

        assertThat(alice.get("/api/orders/" + orderId).text("status")).isEqualTo("PICKING");
        assertThat(alice.get("/api/reservations/" + reservationId).text("status")).isEqualTo("CONFIRMED");
        assertThat(events(orderId, resourceId)).isEqualTo(eventsBefore);
        // The same bodiless requests with the header are what the API expects.
        assertThat(post("alice", "/api/orders/" + orderId + "/cancellation", "application/json", "")
                .statusCode()).isEqualTo(202);
        assertThat(post("alice", "/api/reservations/" + reservationId + "/release", "application/json", "")
                .statusCode()).isEqualTo(202);
    }

    @Test
    void operator_actions_without_a_body_need_the_json_content_type_too() throws Exception {
        for (String path : List.of("/api/ops/dead-letters/order-views/retry", "/api/ops/dead-letters/order-views/evict",
                "/api/ops/processors/order-views/replay")) {
            for (String type : CROSS_SITE_TYPES) {
                assertRefused(post("ops", path, type, ""));
            }
        }
        assertThat(post("ops", "/api/ops/dead-letters/order-views/retry", "application/json", "").statusCode())
                .isEqualTo(200);
    }

    @Test
    void a_graphql_mutation_needs_a_json_content_type_and_the_webhook_needs_none() throws Exception {
        String name = "cross-site-" + UUID.randomUUID();
        String mutation = JSON.writeValueAsString(java.util.Map.of("query", "mutation { registerResource(input: {"
                + "name: \"" + name + "\", capacity: 1, unitPrice: 100, currency: \"EUR\"}) { resource { name } } }"));

        for (String type : CROSS_SITE_TYPES) {
            assertRefused(post("ops", "/graphql", type, mutation));
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE position(? in "
                + "convert_from(payload, 'UTF8')) > 0", Long.class, name)).isZero();
        HttpResponse<String> json = post("ops", "/graphql", "application/json; charset=UTF-8", mutation);
        assertThat(JSON.readTree(json.body()).at("/data/registerResource/resource/name").asText()).isEqualTo(name);

        // Server to server and trusted by its signature alone: refused for that, not for its type.
        HttpResponse<String> webhook = post(null, "/api/webhooks/warehouse", "text/plain", "{}");
        assertThat(webhook.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(webhook.body()).path("type").asText())
                .isEqualTo("https://orderly.dev/problems/invalid-signature");
    }

    @Test
    void the_graphql_websocket_refuses_a_handshake_from_another_origin_and_accepts_allowed_ones_and_programs() {
        Throwable foreign = catchThrowable(() -> GraphQlSocket.open(port, "https://evil.example",
                TestApi.basic("alice")));

        assertThat(foreign).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) foreign.getCause()).getResponse().statusCode()).isEqualTo(403);
        for (String origin : new String[] {"http://localhost:5173", null}) {
            GraphQlSocket socket = GraphQlSocket.open(port, origin, TestApi.basic("alice"));
            socket.init(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> socket.received("\"connection_ack\""));
            socket.close();
        }
    }

    @Test
    void the_prod_profile_allows_no_browser_origin_until_one_is_configured() throws Exception {
        assertThat(bindWeb("application.yml").allowedOrigins()).containsExactly("http://localhost:[*]",
                "http://127.0.0.1:[*]");
        assertThat(bindWeb("application-prod.yml", "application.yml").allowedOrigins()).isEmpty();
    }

    private long events(String... aggregates) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ANY (?)",
                Long.class, (Object) aggregates);
    }

    /** {@code orderly.web} as Spring binds it from these files, the first winning. */
    private static WebProperties bindWeb(String... files) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        for (String file : files) {
            for (PropertySource<?> source : new YamlPropertySourceLoader().load(file, new ClassPathResource(file))) {
                environment.getPropertySources().addLast(source);
            }
        }
        return Binder.get(environment).bind("orderly.web", WebProperties.class).get();
    }

    private static void assertRefused(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.request() + " " + response.body()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo(UNSUPPORTED);
        assertThat(response.headers().firstValue("Accept-Post")).hasValueSatisfying(accepted ->
                assertThat(accepted).contains("application/json"));
    }

    private HttpResponse<String> post(String user, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", TestApi.basic(user));
        }
        if (!contentType.isEmpty()) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
