package dev.orderly.security;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.orderly.support.JavaProcess;
import dev.orderly.support.ProcessHarness;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestTokens;
import dev.sandbox.SandboxServer;
import dev.sandbox.SandboxSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The production profile as an operator starts it: the packaged jar with {@code spring.profiles.active=prod}. Given
 * only what a developer's machine gets by default, it refuses to start and names every setting to change; given safe
 * settings (a real, non-loopback payment provider and warehouse, here the sandbox on this machine's network address,
 * a webhook secret of its own, and a key, audience and issuer for the JWTs), it starts on its own embedded
 * PostgreSQL. Callers then present bearer tokens signed by the identity provider (a key pair made for the test): the
 * subject is the customer, the {@code roles} claim makes an operator, and HTTP Basic is not accepted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProdProfileIT {

    private static final Path APP_JAR = Path.of("target", "orderly.jar");
    private static final TestTokens IDENTITY_PROVIDER = TestTokens.issuer();
    private static final TestTokens STRANGER = TestTokens.issuer();

    private final Path dir = Path.of("target", "prod-profile", UUID.randomUUID().toString()).toAbsolutePath();
    private final int port = JavaProcess.freePort();
    private final TestApi api = TestApi.anonymous(port);
    private SandboxServer sandbox;
    private JavaProcess app;

    @BeforeAll
    void startWithSafeSettings() {
        String webhookSecret = UUID.randomUUID().toString();
        sandbox = SandboxServer.start(SandboxSettings.onFreePort().withHost("0.0.0.0")
                .withWebhookSecret(webhookSecret).withShipDelay(Duration.ofMillis(300)));
        String outsideWorld = "http://" + networkAddress().getHostAddress() + ":" + sandbox.port();
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=prod",
                "--server.port=" + port,
                "--orderly.database.embedded.data-dir=" + dir.resolve("postgres"),
                "--orderly.database.embedded.clean-data=true",
                "--orderly.payments.provider.base-url=" + outsideWorld,
                "--orderly.effects.warehouse-base-url=" + outsideWorld,
                "--orderly.webhooks.warehouse.secret=" + webhookSecret,
                "--spring.mail.port=" + sandbox.smtpPort()));
        IDENTITY_PROVIDER.appSettings().forEach(setting -> args.add("--" + setting));
        app = JavaProcess.start(APP_JAR, dir.resolve("app.log"), args.toArray(String[]::new));
        ProcessHarness.awaitReady(api, app);
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (app != null) {
            app.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void with_a_developers_settings_it_refuses_to_start_naming_every_setting_to_change_before_anything_starts()
            throws InterruptedException {
        Path refusedDir = dir.resolve("refused");
        try (JavaProcess refused = JavaProcess.start(APP_JAR, refusedDir.resolve("app.log"),
                "--spring.profiles.active=prod",
                "--server.port=" + JavaProcess.freePort(),
                "--orderly.database.embedded.data-dir=" + refusedDir.resolve("postgres"),
                // what prod would otherwise switch off, switched back on
                "--sandbox.embedded=true", "--sandbox.port=0", "--sandbox.smtp-port=0",
                "--orderly.security.mode=basic",
                "--orderly.security.users[0].name=ops",
                "--orderly.security.users[0].password={noop}ops-secret",
                "--orderly.security.users[0].roles=OPS",
                // the provider's URL left at its default; the warehouse's on this machine
                "--orderly.effects.warehouse-base-url=http://127.0.0.1:8091")) {

            await().atMost(Duration.ofSeconds(120)).until(() -> !refused.alive());
            String log = refused.output();
            assertThat(refused.exitValue()).as("exit code; log:%n%s", log).isNotZero();
            assertThat(log).contains("APPLICATION FAILED TO START", "refuses to start with 9 unsafe setting(s)",
                    "sandbox.embedded", "orderly.webhooks.warehouse.secret", "orderly.security.mode",
                    "orderly.security.users", "orderly.payments.provider.base-url",
                    "orderly.effects.warehouse-base-url is http://127.0.0.1:8091",
                    "spring.security.oauth2.resourceserver.jwt.public-key-location",
                    "orderly.security.jwt.audience", "orderly.security.jwt.issuer");
            assertThat(log).as("nothing heavy started").doesNotContain("Embedded PostgreSQL is running",
                    "Embedded sandbox", "Tomcat started");
            assertThat(refusedDir.resolve("postgres")).as("the embedded database's folder").doesNotExist();
        }
    }

    @Test
    void with_safe_settings_it_starts_without_the_sandbox_and_answers_readiness() {
        TestApi.Response readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.text("status")).isEqualTo("UP");
        assertThat(app.output()).doesNotContain("Embedded sandbox");
        assertThat(app.output()).contains("Embedded PostgreSQL is running");
    }

    @Test
    void a_customer_token_reaches_their_own_orders_and_not_the_operator_endpoints() {
        String opsToken = IDENTITY_PROVIDER.bearer("operator-1", "OPS");
        String aliceToken = IDENTITY_PROVIDER.bearer("alice", "CUSTOMER");

        TestApi.Response registered = api.post("/api/resources",
                "{\"name\":\"Jwt shelf\",\"capacity\":3,\"unitPrice\":1250,\"currency\":\"EUR\"}",
                "Authorization", opsToken);
        assertThat(registered.status()).isEqualTo(201);
        String resourceId = registered.text("resourceId");

        TestApi.Response placed = api.post("/api/orders", TestOrders.orderJson(resourceId, 1, "alice",
                "alice@example.com", TestOrders.GOOD_CARD), "Authorization", aliceToken);
        assertThat(placed.status()).isEqualTo(202);
        assertThat(api.get(placed.location(), "Authorization", aliceToken).status()).isEqualTo(200);
        assertThat(api.get(placed.location(), "Authorization", IDENTITY_PROVIDER.bearer("bob", "CUSTOMER"))
                .status()).isEqualTo(404);
        assertThat(api.get("/api/ops/dashboard", "Authorization", aliceToken).status()).isEqualTo(403);
        assertThat(api.get("/api/ops/dashboard", "Authorization", opsToken).status()).isEqualTo(200);
    }

    @Test
    void graphql_serves_no_introspection_and_no_graphiql_in_production() {
        String opsToken = IDENTITY_PROVIDER.bearer("operator-1", "OPS");

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
        TestApi.Response none = api.get("/api/resources");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(none.contentType()).startsWith("application/problem+json");

        String expired = IDENTITY_PROVIDER.bearer(TestTokens.claims("alice", List.of("CUSTOMER"),
                Instant.now().minusSeconds(600)).build());
        String foreign = STRANGER.bearer("alice", "OPS");
        assertThat(api.get("/api/resources", "Authorization", expired).status()).isEqualTo(401);
        assertThat(api.get("/api/resources", "Authorization", foreign).status()).isEqualTo(401);
        assertThat(api.get("/api/resources", "Authorization", TestApi.basic("ops")).status()).isEqualTo(401);
        assertThat(api.get("/api/resources", "Authorization", "Bearer not-a-jwt").status()).isEqualTo(401);
    }

    @Test
    void a_token_without_an_audience_or_without_a_subject_gets_401_invalid_token() {
        JWTClaimsSet good = TestTokens.claims("alice", List.of("CUSTOMER"), Instant.now().plusSeconds(300)).build();
        String noAudience = IDENTITY_PROVIDER.bearer(new JWTClaimsSet.Builder(good).audience((String) null).build());
        String noSubject = IDENTITY_PROVIDER.bearer(new JWTClaimsSet.Builder(good).subject(null).build());

        for (String token : List.of(noAudience, noSubject)) {
            TestApi.Response refused = api.get("/api/orders", "Authorization", token);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.text("type")).isEqualTo("https://orderly.dev/problems/invalid-token");
        }
        assertThat(api.get("/api/orders", "Authorization", IDENTITY_PROVIDER.bearer(good)).status()).isEqualTo(200);
    }

    /** An IPv4 address of an interface that is up and not loopback: this machine as another machine sees it. */
    private static InetAddress networkAddress() {
        try {
            return NetworkInterface.networkInterfaces().filter(ProdProfileIT::upAndNotLoopback)
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                    .findFirst().orElseThrow(() -> new IllegalStateException(
                            "this test needs a network interface besides loopback"));
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean upAndNotLoopback(NetworkInterface nic) {
        try {
            return nic.isUp() && !nic.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
