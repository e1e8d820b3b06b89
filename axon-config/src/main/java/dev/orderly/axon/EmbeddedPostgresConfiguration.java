package dev.orderly.axon;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts a real PostgreSQL (zonky's binaries) when no datasource URL is configured, so that the app and every test
 * JVM run on PostgreSQL without installing anything. Setting {@code SPRING_DATASOURCE_URL} switches this off.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EmbeddedDatabaseProperties.class)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty() and ${orderly.database.embedded.enabled:true}")
public class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedDatabaseProperties properties) throws IOException {
        Files.createDirectories(properties.dataDir());
        stopOrphanedServer(properties.dataDir());
        EmbeddedPostgres.Builder builder = serverSettings(EmbeddedPostgres.builder())
                .setDataDirectory(properties.dataDir())
                .setCleanDataDirectory(properties.cleanData())
                .setPort(properties.port())
                // zonky's own shutdown hook would stop the server as soon as the JVM begins to exit, alongside
                // Spring's, while processors and jobs still use it; as a bean it is closed after everything that
                // needs it (the orphan check above covers a JVM that dies without closing it).
                .setRegisterShutdownHook(false);
        EmbeddedPostgres postgres = (properties.durable() ? durable(builder) : builder).start();
        log.info("Embedded PostgreSQL is running on port {} with data in {}{}", postgres.getPort(),
                properties.dataDir().toAbsolutePath().normalize(), properties.durable() ? "" : ", not durable");
        return postgres;
    }

    /** The server settings of the app's embedded PostgreSQL, also used by the benchmark's server. */
    public static EmbeddedPostgres.Builder serverSettings(EmbeddedPostgres.Builder builder) {
        return builder.setServerConfig("max_connections", "100")
                // Keeps a stuck transaction from holding back event visibility past Axon's gap timeout.
                .setServerConfig("idle_in_transaction_session_timeout", "15s");
    }

    /**
     * A commit the server acknowledged is on disk and survives a crash of the server or the machine. zonky's builder
     * starts PostgreSQL with {@code fsync} and {@code synchronous_commit} off, which suits throw-away test databases
     * only; {@code full_page_writes} is set too, as a torn page cannot be repaired from the WAL without it.
     */
    public static EmbeddedPostgres.Builder durable(EmbeddedPostgres.Builder builder) {
        return builder.setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on");
    }

    /**
     * The embedded server is a child process; when the JVM is killed hard it lives on, holding the data folder, and
     * the next start would fail on its lock file. Such an orphan has no clients left, so it is asked to shut down.
     */
    static void stopOrphanedServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> orphan = lines.isEmpty() ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                        .filter(process -> process.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        log.warn("PostgreSQL (pid {}) of an earlier run still holds {}; stopping it", orphan.get().pid(), dataDir);
        orphan.get().destroy();
        try {
            orphan.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned PostgreSQL", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the orphaned PostgreSQL (pid " + orphan.get().pid() + ") did not stop; stop it "
                    + "by hand or remove " + pidFile, e);
        }
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPassword("postgres");
        dataSource.setPoolName("orderly-embedded");
        return dataSource;
    }
}
