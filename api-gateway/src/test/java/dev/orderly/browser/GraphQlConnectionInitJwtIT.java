package dev.orderly.browser;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.orderly.support.GraphQlSocket;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.orderly.browser.CrossOriginClient.FRONTEND;
import static dev.orderly.browser.GraphQlConnectionInitIT.ORDER_STATUS;
import static dev.orderly.browser.GraphQlConnectionInitIT.UNAUTHORIZED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In {@code jwt} mode a page sends its bearer token in {@code connection_init}: the token is checked as over HTTP
 * (signature, audience, issuer, expiry), a Basic credential is no credential, and the connection is closed when the
 * token expires, as one opened with the token on its handshake is (Spring accepts a token up to 60 s past its expiry,
 * so a short-lived one is still acknowledged; the close follows at its expiry, or at once when that has passed).
 */
@OrderlySystemTest
@TestPropertySource(properties = {"orderly.test.database=browser-jwt", "orderly.security.mode=jwt",
        "orderly.security.jwt.audience=" + TestTokens.AUDIENCE, "orderly.security.jwt.issuer=" + TestTokens.ISSUER})
class GraphQlConnectionInitJwtIT {

    private static final TestTokens IDENTITY_PROVIDER = TestTokens.issuer();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location",
                IDENTITY_PROVIDER::publicKeyLocation);
    }

    @Test
    void a_bearer_token_in_connection_init_authenticates_and_the_subscription_runs_as_its_subject() {
        String orderId = order();
        GraphQlSocket page = GraphQlSocket.open(port, FRONTEND, null);

        page.init(Map.of("Authorization", IDENTITY_PROVIDER.bearer("alice", "CUSTOMER")));
        await().atMost(Duration.ofSeconds(10)).until(() -> page.received("\"connection_ack\""));
        page.subscribe("1", ORDER_STATUS, Map.of("id", orderId));

        await().atMost(Duration.ofSeconds(30)).until(() -> page.received("\"next\"", orderId));
        assertThat(page.closed).isNotDone();
    }

    @Test
    void a_connection_authenticated_in_connection_init_is_closed_when_the_token_expires() {
        String shortLived = IDENTITY_PROVIDER.bearer(TestTokens.claims("alice", List.of("CUSTOMER"),
                Instant.now().plusSeconds(2)).build());
        GraphQlSocket page = GraphQlSocket.open(port, FRONTEND, null);

        page.init(Map.of("Authorization", shortLived));

        await().atMost(Duration.ofSeconds(30)).until(page.closed::isDone);
        assertThat(page.closed.join()).isEqualTo(Map.entry(4401, "token expired"));
    }

    @Test
    void a_token_that_fails_a_check_or_a_basic_credential_in_connection_init_is_closed_4401() {
        JWTClaimsSet forAnotherApp = good().audience("billing-app").build();
        JWTClaimsSet noSubject = good().subject(null).build();
        // Spring allows 60 s of clock skew; this token expired before that.
        JWTClaimsSet expired = TestTokens.claims("alice", List.of("CUSTOMER"), Instant.now().minusSeconds(120))
                .build();
        List<String> refused = List.of(IDENTITY_PROVIDER.bearer(forAnotherApp), IDENTITY_PROVIDER.bearer(noSubject),
                IDENTITY_PROVIDER.bearer(expired), TestTokens.issuer().bearer("alice", "CUSTOMER"),
                TestApi.basic("alice"), "Bearer not.a.token");

        for (String authorization : refused) {
            GraphQlSocket page = GraphQlSocket.open(port, FRONTEND, null);
            page.init(Map.of("Authorization", authorization));

            await().atMost(Duration.ofSeconds(10)).until(page.closed::isDone);
            assertThat(page.closed.join()).as(authorization).isEqualTo(UNAUTHORIZED);
            assertThat(page.received("\"connection_ack\"")).isFalse();
        }
    }

    private String order() {
        TestApi anonymous = TestApi.anonymous(port);
        TestApi.Response registered = anonymous.post("/api/resources", "{\"name\":\"Token lamp " + UUID.randomUUID()
                        + "\",\"capacity\":5,\"unitPrice\":1250,\"currency\":\"EUR\"}",
                "Authorization", IDENTITY_PROVIDER.bearer("operator-1", "OPS"));
        assertThat(registered.status()).isEqualTo(201);
        TestApi.Response placed = anonymous.post("/api/orders", TestOrders.orderJson(registered.text("resourceId"), 1,
                "alice", UUID.randomUUID() + "@example.com", TestOrders.GOOD_CARD),
                "Authorization", IDENTITY_PROVIDER.bearer("alice", "CUSTOMER"));
        assertThat(placed.status()).isEqualTo(202);
        return placed.text("orderId");
    }

    private static JWTClaimsSet.Builder good() {
        return new JWTClaimsSet.Builder(TestTokens.claims("alice", List.of("CUSTOMER"),
                Instant.now().plusSeconds(300)).build());
    }
}
