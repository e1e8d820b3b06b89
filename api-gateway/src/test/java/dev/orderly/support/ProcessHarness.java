package dev.orderly.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real processes for crash tests: a PostgreSQL owned by the test JVM (it outlives every app process), the sandbox
 * jar in a process of its own, and app nodes started from the packaged jar on fixed ports, so that a killed node
 * can be started again where the warehouse's callbacks expect it.
 */
public final class ProcessHarness implements AutoCloseable {

    private static final Path APP_JAR = Path.of("target", "orderly.jar");
    private static final Path SANDBOX_JAR = Path.of("..", "sandbox", "target", "sandbox.jar");

    private final Path logs;
    private final EmbeddedPostgres postgres;
    private final JavaProcess sandbox;
    private final String sandboxUrl;
    private final int smtpPort;

    private ProcessHarness(Path logs, EmbeddedPostgres postgres, JavaProcess sandbox, String sandboxUrl,
                           int smtpPort) {
        this.logs = logs;
        this.postgres = postgres;
        this.sandbox = sandbox;
        this.sandboxUrl = sandboxUrl;
        this.smtpPort = smtpPort;
    }

    public static ProcessHarness start(Path logs, String... sandboxArgs) {
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("--port=0", "--smtp-port=0"));
        args.addAll(List.of(sandboxArgs));
        JavaProcess sandbox = JavaProcess.start(SANDBOX_JAR, logs.resolve("sandbox.log"), args.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(30)).until(() -> find("SMTP sink listening on \\S+:(\\d+)",
                sandbox.output()) != null);
        return new ProcessHarness(logs, postgres, sandbox, find("listening on (http://\\S+:\\d+)", sandbox.output()),
                Integer.parseInt(find("SMTP sink listening on \\S+:(\\d+)", sandbox.output())));
    }

    /** Starts an app node; {@code extraArgs} come last and win. */
    public JavaProcess startApp(int port, String logName, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--sandbox.embedded=false",
                "--orderly.payments.provider.base-url=" + sandboxUrl,
                "--orderly.effects.warehouse-base-url=" + sandboxUrl,
                "--spring.mail.port=" + smtpPort,
                "--orderly.payments.settle-window=3s",
                "--db-scheduler.heartbeat-interval=1s",
                "--db-scheduler.missed-heartbeats-limit=4",
                "--db-scheduler.polling-interval=500ms"));
        args.addAll(List.of(extraArgs));
        return JavaProcess.start(APP_JAR, logs.resolve(logName), args.toArray(String[]::new));
    }

    public static void awaitReady(TestApi api, JavaProcess app) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            assertThat(app.alive()).as("app process alive; its log:%n%s", app.output()).isTrue();
            try {
                return api.get("/actuator/health").status() == 200;
            } catch (RuntimeException notYetListening) {
                return false;
            }
        });
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    /** The sandbox's base URL, for {@code TestSandbox.tokenFor(sandboxUrl, card)}. */
    public String sandboxUrl() {
        return sandboxUrl;
    }

    /** A client of the sandbox's HTTP API (ledger, picklists, mail). */
    public TestApi sandbox() {
        return new TestApi(Integer.parseInt(sandboxUrl.substring(sandboxUrl.lastIndexOf(':') + 1)));
    }

    @Override
    public void close() throws Exception {
        sandbox.close();
        postgres.close();
    }

    private static String find(String regex, String output) {
        Matcher matcher = Pattern.compile(regex).matcher(output);
        return matcher.find() ? matcher.group(1) : null;
    }
}
