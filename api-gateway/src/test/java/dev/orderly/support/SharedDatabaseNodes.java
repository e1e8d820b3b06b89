package dev.orderly.support;

import dev.orderly.OrderlyApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several app nodes in this JVM sharing one PostgreSQL and the test sandbox, as N nodes behind a load balancer
 * would. Each node gets its own node id, so their token claims stay apart.
 */
public final class SharedDatabaseNodes implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    public SharedDatabaseNodes() {
        try {
            postgres = EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a node; {@code properties} ({@code name=value}) are its own and win over the shared ones. */
    public ConfigurableApplicationContext start(String nodeId, String... properties) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--orderly.node.id=" + nodeId,
                "--sandbox.embedded=false",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--orderly.payments.provider.base-url=" + TestSandbox.baseUrl(),
                "--orderly.effects.warehouse-base-url=" + TestSandbox.baseUrl(),
                "--spring.mail.port=" + TestSandbox.smtpPort(),
                "--db-scheduler.polling-interval=200ms",
                "--db-scheduler.shutdown-max-wait=1s"));
        for (String property : properties) {
            arguments.add("--" + property);
        }
        ConfigurableApplicationContext node = new SpringApplicationBuilder(OrderlyApplication.class)
                .run(arguments.toArray(String[]::new));
        nodes.add(node);
        return node;
    }

    public EmbeddedPostgres postgres() {
        return postgres;
    }

    public static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    public static TestApi api(ConfigurableApplicationContext node) {
        return new TestApi(port(node));
    }

    @Override
    public void close() throws IOException {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
        postgres.close();
    }
}
