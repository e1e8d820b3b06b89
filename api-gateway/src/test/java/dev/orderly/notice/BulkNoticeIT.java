package dev.orderly.notice;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.OrderlyApplication;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * E-mail plus database without a distributed transaction: 50 holders, an SMTP sink that refuses the first sends, the
 * app stopped half-way and started again, and the same notice sent twice. In the end every holder has exactly one
 * e-mail and a {@code sent_at}.
 */
class BulkNoticeIT {

    private static final int HOLDERS = 50;

    @TempDir
    Path dataDir;

    @Test
    void fifty_holders_get_exactly_one_e_mail_each_through_refusals_a_restart_and_a_rerun() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> holders = new ArrayList<>();
        String noticeId = UUID.randomUUID().toString();
        String notice = """
                {"noticeId":"%s","operator":"olga","subject":"Room 7 closes early on Friday %s",
                 "body":"Dear guest, room 7 closes at noon on Friday."}""".formatted(noticeId, run);
        String resourceId;
        try (ConfigurableApplicationContext first = start()) {
            TestApi api = api(first);
            resourceId = api.registerResource("Room 7", HOLDERS);
            List<String> locations = new ArrayList<>();
            for (int i = 0; i < HOLDERS; i++) {
                String holder = "holder-" + i + "-" + run + "@example.com";
                holders.add(holder);
                locations.add(api.post("/api/resources/" + resourceId + "/reservations",
                        "{\"customerId\":\"" + holder + "\",\"quantity\":1}").location());
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(locations)
                    .allSatisfy(location -> assertThat(api.get(location).text("status")).isEqualTo("CONFIRMED")));

            TestSandbox.refuseMail(40);
            TestApi.Response sent = api.post("/api/ops/resources/" + resourceId + "/notices", notice);
            assertThat(sent.status()).isEqualTo(202);
            assertThat(sent.body().get("recipients")).hasSize(HOLDERS);
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get(sent.location()).body()
                    .get("sent").asInt() > 0);
            assertThat(api.get(sent.location()).body().get("pending").asInt()).as("still pending at the stop")
                    .isPositive();
        }

        try (ConfigurableApplicationContext second = start()) {
            TestApi api = api(second);
            String location = "/api/ops/notices/" + noticeId;
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(api.get(location).body().get("sent").asInt()).isEqualTo(HOLDERS));

            TestApi.Response rerun = api.post("/api/ops/resources/" + resourceId + "/notices", notice);
            assertThat(rerun.status()).isEqualTo(202);
            assertThat(rerun.body().get("sent").asInt()).isEqualTo(HOLDERS);

            JsonNode recipients = api.get(location).body().get("recipients");
            assertThat(recipients.findValuesAsText("address")).containsExactlyInAnyOrderElementsOf(holders);
            assertThat(recipients.findValuesAsText("status")).containsOnly("SENT");
            assertThat(recipients.findValues("sentAt")).allMatch(sentAt -> !sentAt.isNull());
            assertThat(recipients.findValues("attempts")).anyMatch(attempts -> attempts.asInt() > 1);
        }
        for (String holder : holders) {
            assertThat(TestSandbox.mailTo(holder).findValuesAsText("subject")).as(holder)
                    .containsExactly("Room 7 closes early on Friday " + run);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(OrderlyApplication.class).run(
                "--server.port=0",
                "--sandbox.embedded=false",
                "--orderly.database.embedded.data-dir=" + dataDir.resolve("postgres"),
                "--orderly.payments.provider.base-url=" + TestSandbox.baseUrl(),
                "--orderly.effects.warehouse-base-url=" + TestSandbox.baseUrl(),
                "--spring.mail.port=" + TestSandbox.smtpPort(),
                "--orderly.effects.initial-backoff=200ms",
                "--orderly.effects.max-backoff=1s",
                "--db-scheduler.polling-interval=200ms",
                "--db-scheduler.shutdown-max-wait=1s");
    }

    private static TestApi api(ConfigurableApplicationContext context) {
        return new TestApi(((WebServerApplicationContext) context).getWebServer().getPort());
    }
}
