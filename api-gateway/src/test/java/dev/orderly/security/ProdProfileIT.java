package dev.orderly.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production profile: callers present JWT bearer tokens, signed by the identity provider (here a key pair made
 * for the test, its public half given to the app as {@code public-key-location}). The subject is the customer; the
 * {@code roles} claim makes an operator. HTTP Basic is not accepted.
 */
@OrderlySystemTest
@ActiveProfiles("prod")
@TestPropertySource(properties = "orderly.test.database=prod")
class ProdProfileIT {

    private static final KeyPair ISSUER = keyPair();
    private static final KeyPair STRANGER = keyPair();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void issuerKey(DynamicPropertyRegistry registry) {
        try {
            Path pem = Files.createTempFile("orderly-jwt", ".pub");
            Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(ISSUER.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            pem.toFile().deleteOnExit();
            registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> pem.toUri().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void a_customer_token_reaches_their_own_orders_and_not_the_operator_endpoints() {
        TestApi api = TestApi.anonymous(port);
        String opsToken = bearer(ISSUER.getPrivate(), "operator-1", List.of("OPS"), Instant.now().plusSeconds(300));
        String aliceToken = bearer(ISSUER.getPrivate(), "alice", List.of("CUSTOMER"), Instant.now().plusSeconds(300));

        TestApi.Response registered = api.post("/api/resources", "{\"name\":\"Jwt shelf\",\"capacity\":3,\"unitPrice\":1250,\"currency\":\"EUR\"}",
                "Authorization", opsToken);
        assertThat(registered.status()).isEqualTo(201);
        String resourceId = registered.text("resourceId");

        TestApi.Response placed = api.post("/api/orders", TestOrders.orderJson(resourceId, 1, "alice",
                "alice@example.com", TestOrders.GOOD_CARD), "Authorization", aliceToken);
        assertThat(placed.status()).isEqualTo(202);
        assertThat(api.get(placed.location(), "Authorization", aliceToken).status()).isEqualTo(200);
        assertThat(api.get(placed.location(), "Authorization",
                bearer(ISSUER.getPrivate(), "bob", List.of("CUSTOMER"), Instant.now().plusSeconds(300)))
                .status()).isEqualTo(404);
        assertThat(api.get("/api/ops/dashboard", "Authorization", aliceToken).status()).isEqualTo(403);
        assertThat(api.get("/api/ops/dashboard", "Authorization", opsToken).status()).isEqualTo(200);
    }

    @Test
    void graphql_serves_no_introspection_and_no_graphiql_in_production() {
        TestApi api = TestApi.anonymous(port);
        String opsToken = bearer(ISSUER.getPrivate(), "operator-1", List.of("OPS"), Instant.now().plusSeconds(300));

        TestApi.Response introspection = api.post("/graphql", "{\"query\":\"{ __schema { types { name } } }\"}",
                "Authorization", opsToken);
        assertThat(introspection.status()).isLessThan(500);
        assertThat(introspection.body().path("errors").isEmpty()).isFalse();
        assertThat(introspection.body().path("data").path("__schema").isMissingNode()
                || introspection.body().path("data").path("__schema").isNull()).isTrue();
        TestApi.Response query = api.post("/graphql", "{\"query\":\"{ resources(limit: 1) { items { name } } }\"}",
                "Authorization", opsToken);
        assertThat(query.body().path("errors").isMissingNode()).isTrue();
        assertThat(api.get("/graphiql").status()).isIn(401, 404);
    }

    @Test
    void missing_expired_foreign_and_basic_credentials_get_401_with_a_bearer_challenge() {
        TestApi api = TestApi.anonymous(port);
        TestApi.Response none = api.get("/api/resources");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(none.contentType()).startsWith("application/problem+json");

        String expired = bearer(ISSUER.getPrivate(), "alice", List.of("CUSTOMER"), Instant.now().minusSeconds(600));
        String foreign = bearer(STRANGER.getPrivate(), "alice", List.of("OPS"), Instant.now().plusSeconds(300));
        assertThat(api.get("/api/resources", "Authorization", expired).status()).isEqualTo(401);
        assertThat(api.get("/api/resources", "Authorization", foreign).status()).isEqualTo(401);
        assertThat(api.get("/api/resources", "Authorization", TestApi.basic("ops")).status()).isEqualTo(401);
        assertThat(api.get("/api/resources", "Authorization", "Bearer not-a-jwt").status()).isEqualTo(401);
    }

    private static String bearer(PrivateKey key, String subject, List<String> roles, Instant expiry) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                    .subject(subject).claim("roles", roles).issueTime(new Date())
                    .expirationTime(Date.from(expiry)).build());
            jwt.sign(new RSASSASigner(key));
            return "Bearer " + jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
