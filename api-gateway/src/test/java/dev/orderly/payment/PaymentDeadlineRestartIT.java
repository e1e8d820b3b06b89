package dev.orderly.payment;

import dev.orderly.OrderlyApplication;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The payment deadline is stored in PostgreSQL by db-scheduler: stop the app before it is due, start it after, and
 * it still fires and cancels the unpaid intent.
 */
class PaymentDeadlineRestartIT {

    private static final Duration DEADLINE = Duration.ofSeconds(6);

    @TempDir
    Path dataDir;

    @AfterEach
    void providerBack() {
        TestSandbox.outage(false);
        TestSandbox.dedupe(true);
    }

    @Test
    void a_deadline_that_falls_due_while_the_app_is_down_cancels_the_payment_after_the_restart() {
        // Only Orderly's own key discipline may keep a second charge away.
        String token = TestSandbox.tokenFor(TestOrders.GOOD_CARD);
        TestSandbox.dedupe(false);
        TestSandbox.outage(true);
        String orderId = UUID.randomUUID().toString();
        String location;
        Instant dueAt;
        try (ConfigurableApplicationContext first = start()) {
            TestApi api = api(first);
            TestApi.Response accepted = api.post("/api/payments", """
                    {"orderId":"%s","amount":4200,"currency":"EUR","paymentToken":"%s"}""".formatted(orderId, token));
            assertThat(accepted.status()).isEqualTo(202);
            dueAt = Instant.now().plus(DEADLINE);
            location = accepted.location();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(api.get(location).text("status")).isEqualTo("OUTCOME_UNKNOWN"));
        }
        assertThat(Instant.now()).isBefore(dueAt);
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(dueAt.plusSeconds(1)));

        try (ConfigurableApplicationContext second = start()) {
            TestApi api = api(second);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(api.get(location).text("status")).isIn("CANCEL_PENDING", "CANCELLED"));
            TestSandbox.outage(false);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(api.get(location).text("status")).isEqualTo("CANCELLED"));
            assertThat(api.get(location).text("reason")).isEqualTo("payment deadline passed");
            assertThat(TestSandbox.capturesFor(orderId)).isZero();
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(OrderlyApplication.class).run(
                "--server.port=0",
                "--sandbox.embedded=false",
                "--orderly.database.embedded.data-dir=" + dataDir.resolve("postgres"),
                "--orderly.payments.provider.base-url=" + TestSandbox.baseUrl(),
                "--orderly.payments.provider.read-timeout=1s",
                "--orderly.payments.provider.lookup-attempts=1",
                "--orderly.payments.provider.minimum-calls=1000",
                "--orderly.payments.charge-attempts=1000",
                "--orderly.payments.settle-window=1500ms",
                "--orderly.payments.retry-initial-backoff=200ms",
                "--orderly.payments.retry-max-backoff=1s",
                "--orderly.payments.request.deadline=" + DEADLINE.toSeconds() + "s",
                "--db-scheduler.polling-interval=200ms");
    }

    private static TestApi api(ConfigurableApplicationContext context) {
        return new TestApi(((WebServerApplicationContext) context).getWebServer().getPort());
    }
}
