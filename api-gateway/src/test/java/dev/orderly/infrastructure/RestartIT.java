package dev.orderly.infrastructure;

import dev.orderly.OrderlyApplication;
import dev.orderly.support.TestApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The embedded database keeps its data in a folder, so stopping and starting the app loses nothing. */
class RestartIT {

    @TempDir
    Path dataDir;

    @Test
    void data_written_before_a_restart_is_served_after_it() {
        String resourceId;
        String reservation = UUID.randomUUID().toString();
        try (ConfigurableApplicationContext first = start()) {
            TestApi api = api(first);
            resourceId = api.registerResource("Kept room", 2);
            assertThat(api.post("/api/resources/" + resourceId + "/reservations",
                    "{\"reservationId\":\"" + reservation + "\",\"customerId\":\"carol\",\"quantity\":2}").status())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(api.get("/api/reservations/" + reservation).text("status")).isEqualTo("CONFIRMED"));
        }

        try (ConfigurableApplicationContext second = start()) {
            TestApi api = api(second);
            TestApi.Response resource = api.get("/api/resources/" + resourceId);
            assertThat(resource.status()).isEqualTo(200);
            assertThat(resource.text("name")).isEqualTo("Kept room");
            assertThat(resource.body().get("free").asInt()).isZero();
            assertThat(api.get("/api/reservations/" + reservation).text("status")).isEqualTo("CONFIRMED");
            TestApi.Response another = api.post("/api/resources/" + resourceId + "/reservations",
                    "{\"customerId\":\"dave\",\"quantity\":1}");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(api.get(another.location()).text("status")).isEqualTo("REJECTED"));
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(OrderlyApplication.class).run(
                "--server.port=0",
                "--sandbox.embedded=false",
                "--orderly.database.embedded.data-dir=" + dataDir.resolve("postgres"),
                "--orderly.database.embedded.clean-data=false");
    }

    private static TestApi api(ConfigurableApplicationContext context) {
        return new TestApi(((WebServerApplicationContext) context).getWebServer().getPort());
    }
}
