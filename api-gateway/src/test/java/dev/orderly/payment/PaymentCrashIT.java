package dev.orderly.payment;

import dev.orderly.support.JavaProcess;
import dev.orderly.support.ProcessHarness;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The crash every payment system must survive: the provider has taken the money, and the app dies before it has
 * recorded that. The app and the sandbox run as separate processes; the app is killed with SIGKILL while it waits
 * for the provider's (deliberately late) answer. The sandbox's duplicate detection is off, so only Orderly's key
 * discipline stands between the restart and a second charge.
 */
class PaymentCrashIT {

    private static final String TIMEOUT_AFTER_COMMIT = "4000000000000077";

    ProcessHarness harness;
    int appPort;

    @BeforeEach
    void startDatabaseAndSandbox() {
        harness = ProcessHarness.start(Path.of("target", "crash-test", "payment"), "--dedupe=false",
                "--slow-answer-delay=60s");
        appPort = JavaProcess.freePort();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    @Test
    void an_app_killed_after_the_provider_charged_but_before_recording_it_captures_exactly_once_after_restart()
            throws Exception {
        String orderId = UUID.randomUUID().toString();
        TestApi api = new TestApi(appPort);
        TestApi provider = harness.sandbox();
        JdbcTemplate jdbc = new JdbcTemplate(harness.postgres().getPostgresDatabase());

        String location;
        try (JavaProcess app = startApp("first-run.log")) {
            ProcessHarness.awaitReady(api, app);
            TestApi.Response accepted = api.post("/api/payments", """
                    {"orderId":"%s","amount":2500,"currency":"EUR","paymentToken":"%s"}"""
                    .formatted(orderId, TestSandbox.tokenFor(harness.sandboxUrl(), TIMEOUT_AFTER_COMMIT)));
            assertThat(accepted.status()).isEqualTo(202);
            location = accepted.location();
            String paymentId = location.substring(location.lastIndexOf('/') + 1);

            await().atMost(Duration.ofSeconds(60)).until(() -> captures(provider, orderId) == 1);
            assertThat(recordedCaptures(jdbc, paymentId)).as("capture recorded before the kill").isZero();

            app.kill();
        }
        assertThat(captures(provider, orderId)).isEqualTo(1);

        try (JavaProcess app = startApp("second-run.log")) {
            ProcessHarness.awaitReady(api, app);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(api.get(location).text("status")).isEqualTo("CAPTURED"));
            String paymentId = location.substring(location.lastIndexOf('/') + 1);
            assertThat(recordedCaptures(jdbc, paymentId)).isEqualTo(1);
            assertThat(captures(provider, orderId)).as("captures in the provider's ledger").isEqualTo(1);
            assertThat(api.get(location).body().get("attempts").asInt()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                TestApi.Response monitor = api.get("/api/monitor");
                assertThat(monitor.body().get("lag").asLong()).isZero();
                assertThat(monitor.text("status")).isEqualTo("OK");
            });
        }
    }

    private JavaProcess startApp(String log) {
        // A read timeout long enough that the app is still waiting for the provider's answer when it is killed.
        return harness.startApp(appPort, log, "--orderly.payments.provider.read-timeout=60s");
    }

    private static long captures(TestApi provider, String orderId) {
        long captures = 0;
        for (var entry : provider.get("/v1/ledger?orderReference=" + orderId).body().path("data")) {
            if ("capture".equals(entry.path("type").asText())) {
                captures++;
            }
        }
        return captures;
    }

    private static int recordedCaptures(JdbcTemplate jdbc, String paymentId) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM domainevententry
                WHERE aggregateidentifier = ? AND payloadtype LIKE '%.PaymentCapturedEvent'""", Integer.class,
                paymentId);
    }
}
