package dev.orderly.infrastructure;

import dev.orderly.support.JavaProcess;
import dev.orderly.support.ProcessHarness;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar as {@code java -jar} runs it: its own embedded PostgreSQL, the sandbox inside, and a JVM that ends
 * on SIGTERM, which runs all its shutdown hooks at once (a context closed in the test JVM runs none). The first test
 * looks at the running node and the second stops it, so they run in that order, on one node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneNodeIT {

    private static final Path APP_JAR = Path.of("target", "orderly.jar");
    private static final String NODE = "standalone-node";

    private final Path dir = Path.of("target", "standalone-node", UUID.randomUUID().toString()).toAbsolutePath();
    private final int port = JavaProcess.freePort();
    private final int pgPort = JavaProcess.freePort();
    private final int sandboxPort = JavaProcess.freePort();
    private final TestApi api = new TestApi(port);
    private JavaProcess app;

    @BeforeAll
    void start() {
        int smtpPort = JavaProcess.freePort();
        app = JavaProcess.start(APP_JAR, dir.resolve("app.log"),
                "--server.port=" + port,
                "--orderly.node.id=" + NODE,
                "--orderly.database.embedded.data-dir=" + dir.resolve("postgres"),
                // No orderly.database.embedded.durable: the build sets it off for test JVMs, which a child JVM does
                // not inherit, so this node runs with the default.
                "--orderly.database.embedded.port=" + pgPort,
                "--sandbox.port=" + sandboxPort,
                "--sandbox.smtp-port=" + smtpPort,
                "--spring.mail.port=" + smtpPort,
                "--orderly.payments.provider.base-url=http://localhost:" + sandboxPort,
                "--orderly.effects.warehouse-base-url=http://localhost:" + sandboxPort);
        ProcessHarness.awaitReady(api, app);
    }

    @AfterAll
    void stop() throws InterruptedException {
        app.close();
    }

    @Test
    @Order(1)
    void its_embedded_server_acknowledges_a_commit_only_once_it_is_on_disk_as_the_readme_says() throws IOException {
        JdbcTemplate jdbc = running();
        assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForObject("SHOW full_page_writes", String.class)).isEqualTo("on");
        assertThat(Files.readString(Path.of("..", "README.md"))).contains("| `orderly.database.embedded.durable` "
                + "| `true` | run the embedded server with `fsync`, `synchronous_commit` and `full_page_writes` on");
    }

    @Test
    @Order(2)
    void a_sigterm_mid_load_logs_no_error_releases_every_claim_and_leaves_no_job_picked() throws IOException {
        JdbcTemplate running = running();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(running.queryForObject(
                "SELECT count(*) FILTER (WHERE owner = ?) = count(*) AND count(*) > 0 FROM tokenentry",
                Boolean.class, NODE)).as("every segment claimed by the node").isTrue());
        String resourceId = api.registerResource("Shutdown shelf", 1000);
        for (int i = 0; i < 10; i++) {
            assertThat(api.post("/api/orders", TestOrders.orderJsonWithToken(resourceId, 1, "carol",
                    "stop-" + i + "@example.com", TestSandbox.tokenFor("http://localhost:" + sandboxPort,
                            TestOrders.GOOD_CARD))).status()).isEqualTo(202);
        }

        app.signal("TERM");

        await().atMost(Duration.ofSeconds(60)).until(() -> !app.alive());
        String log = app.output();
        assertThat(log).contains("Graceful shutdown complete");
        assertThat(log.lines().filter(line -> line.contains(" ERROR "))).isEmpty();
        assertThat(log.indexOf("Shutting down Scheduler.")).as("jobs stop before the processors, with Axon still up")
                .isNotNegative().isLessThan(log.indexOf("Shutdown state set for Processor"));
        // The node stopped its server; this JVM starts one on the same folder to read what the node left there.
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres"))
                .setCleanDataDirectory(false).start()) {
            JdbcTemplate stopped = new JdbcTemplate(postgres.getPostgresDatabase());
            assertThat(stopped.queryForList("SELECT processorname || '/' || segment FROM tokenentry "
                    + "WHERE owner IS NOT NULL", String.class)).as("segments still claimed").isEmpty();
            assertThat(stopped.queryForList("SELECT task_name || ':' || task_instance FROM scheduled_tasks "
                    + "WHERE picked", String.class)).as("jobs left picked").isEmpty();
        }
    }

    private JdbcTemplate running() {
        return new JdbcTemplate(new DriverManagerDataSource("jdbc:postgresql://localhost:" + pgPort + "/postgres",
                "postgres", "postgres"));
    }
}
