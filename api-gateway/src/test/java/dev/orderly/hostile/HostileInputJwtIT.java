package dev.orderly.hostile;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.orderly.support.GraphQlSocket;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A caller with a token that is signed by the right key but says the wrong thing: issued for another application, by
 * another issuer, for no one (no subject) or forever (no expiry). Each is {@code 401 invalid-token} with a problem,
 * never a 500, and nothing is accepted; the same request with a good token goes through. A GraphQL WebSocket opened
 * with a token is closed when the token expires. The app runs in {@code jwt} mode, trusting a key made for the test.
 */
@OrderlySystemTest
@TestPropertySource(properties = {"orderly.test.database=hostile-jwt", "orderly.security.mode=jwt",
        "orderly.security.jwt.audience=" + TestTokens.AUDIENCE, "orderly.security.jwt.issuer=" + TestTokens.ISSUER})
class HostileInputJwtIT {

    private static final TestTokens IDENTITY_PROVIDER = TestTokens.issuer();
    private static final String ORDER_STATUS = "subscription($id: UUID!) { orderStatus(orderId: $id) { status } }";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private TestApi api;
    private String resourceId;

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
                IDENTITY_PROVIDER::publicKeyLocation);
    }

    @BeforeEach
    void resource() {
        api = TestApi.anonymous(port);
        TestApi.Response registered = api.post("/api/resources",
                "{\"name\":\"Token shelf\",\"capacity\":50,\"unitPrice\":1250,\"currency\":\"EUR\"}",
                "Authorization", IDENTITY_PROVIDER.bearer("operator-1", "OPS"));
        assertThat(registered.status()).isEqualTo(201);
        resourceId = registered.text("resourceId");
    }

    @Test
    void a_token_issued_for_another_application_or_for_no_audience_is_401_and_places_no_order() {
        JWTClaimsSet forAnotherApp = good("alice").audience("billing-app").build();
        JWTClaimsSet forNoOne = good("alice").audience((String) null).build();

        for (JWTClaimsSet claims : List.of(forAnotherApp, forNoOne)) {
            String email = UUID.randomUUID() + "@example.com";
            assertInvalidToken(placeOrder(IDENTITY_PROVIDER.bearer(claims), email), "aud");
            assertThat(acceptedOrdersFor(email)).as("accepted for aud %s", claims.getAudience()).isZero();
        }
        String email = UUID.randomUUID() + "@example.com";
        assertThat(placeOrder(IDENTITY_PROVIDER.bearer(good("alice").build()), email).status()).isEqualTo(202);
        assertThat(acceptedOrdersFor(email)).isEqualTo(1);
    }

    @Test
    void a_token_without_a_subject_or_with_a_blank_one_is_401_not_a_500_and_places_no_order() {
        JWTClaimsSet noSubject = good("alice").subject(null).build();
        JWTClaimsSet blankSubject = good("alice").subject("  ").build();

        for (JWTClaimsSet claims : List.of(noSubject, blankSubject)) {
            String token = IDENTITY_PROVIDER.bearer(claims);
            String email = UUID.randomUUID() + "@example.com";
            assertInvalidToken(placeOrder(token, email), "subject");
            assertInvalidToken(api.get("/api/orders", "Authorization", token), "subject");
            assertInvalidToken(api.post("/graphql", "{\"query\":\"{ orders(limit: 1) { items { orderId } } }\"}",
                    "Authorization", token), "subject");
            assertThat(acceptedOrdersFor(email)).isZero();
        }
    }

    @Test
    void a_token_from_another_issuer_or_without_an_expiry_is_401_and_places_no_order() {
        JWTClaimsSet otherIssuer = good("alice").issuer("https://id.elsewhere.test").build();
        JWTClaimsSet neverExpires = good("alice").expirationTime(null).build();

        String email = UUID.randomUUID() + "@example.com";
        assertInvalidToken(placeOrder(IDENTITY_PROVIDER.bearer(otherIssuer), email), "iss");
        assertInvalidToken(placeOrder(IDENTITY_PROVIDER.bearer(neverExpires), email), "exp");
        assertThat(acceptedOrdersFor(email)).isZero();
    }

    @Test
    void a_graphql_websocket_is_closed_when_its_token_expires_and_the_token_cannot_open_another() {
        String orderId = placeOrder(IDENTITY_PROVIDER.bearer(good("alice").build()),
                UUID.randomUUID() + "@example.com").text("orderId");
        String shortLived = IDENTITY_PROVIDER.bearer(TestTokens.claims("alice", List.of("CUSTOMER"),
                Instant.now().plusSeconds(2)).build());

        GraphQlSocket socket = GraphQlSocket.open(port, shortLived);
        socket.send("{\"type\":\"connection_init\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> socket.received("\"connection_ack\""));
        socket.send("{\"id\":\"1\",\"type\":\"subscribe\",\"payload\":{\"query\":\"" + ORDER_STATUS
                + "\",\"variables\":{\"id\":\"" + orderId + "\"}}}");

        await().atMost(Duration.ofSeconds(30)).until(() -> socket.received("\"next\"", "\"status\""));
        await().atMost(Duration.ofSeconds(30)).until(socket.closed::isDone);
        assertThat(socket.closed.join()).isEqualTo(Map.entry(4401, "token expired"));
        assertThat(socket.received("\"error\"")).as("an error message before the close").isFalse();

        // The handshake checks the token like any request: once expired it opens nothing (Spring allows 60 s of
        // clock skew on a request, so this token is one that expired before that).
        String expired = IDENTITY_PROVIDER.bearer(TestTokens.claims("alice", List.of("CUSTOMER"),
                Instant.now().minusSeconds(120)).build());
        assertThatThrownBy(() -> GraphQlSocket.open(port, expired)).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(401));
        String noAudience = IDENTITY_PROVIDER.bearer(good("alice").audience((String) null).build());
        assertThatThrownBy(() -> GraphQlSocket.open(port, noAudience)).cause()
                .isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        refused -> assertThat(refused.getResponse().statusCode()).isEqualTo(401));
    }

    private static JWTClaimsSet.Builder good(String subject) {
        return new JWTClaimsSet.Builder(TestTokens.claims(subject, List.of("CUSTOMER"),
                Instant.now().plusSeconds(300)).build());
    }

    private TestApi.Response placeOrder(String token, String email) {
        return api.post("/api/orders", TestOrders.orderJson(resourceId, 1, "alice", email, TestOrders.GOOD_CARD),
                "Authorization", token);
    }

    private long acceptedOrdersFor(String email) {
        return jdbc.queryForObject("SELECT count(*) FROM accepted_command WHERE payload::text LIKE ?", Long.class,
                "%" + email + "%");
    }

    private static void assertInvalidToken(TestApi.Response response, String detail) {
        assertThat(response.status()).as("status of a refused token").isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("type")).isEqualTo("https://orderly.dev/problems/invalid-token");
        assertThat(response.text("detail")).contains(detail);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
    }
}
