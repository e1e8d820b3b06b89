package dev.orderly.benchmark;

import dev.orderly.axon.EmbeddedPostgresConfiguration;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one embedded PostgreSQL every figure of the benchmark is measured on: the JDBC baseline, the app, and the
 * replay. It is started with the same server settings as the app's own embedded server, durable, and each part of the
 * benchmark gets a database of its own on it, so that the baseline and the scenarios compete for the same disk,
 * WAL and CPUs.
 */
final class BenchmarkServer implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private BenchmarkServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static BenchmarkServer start(Path dataDir) {
        try {
            // As the app starts its own server by default: durable, so that the baseline's commits cost what the
            // app's do (the test JVM's orderly.database.embedded.durable=false does not apply here).
            return new BenchmarkServer(EmbeddedPostgresConfiguration.durable(
                            EmbeddedPostgresConfiguration.serverSettings(EmbeddedPostgres.builder()))
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(true)
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates an empty database and returns its JDBC URL (user and password are both {@code postgres}). */
    String createDatabase(String name) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    /** Unpooled connections to one database, for the benchmark's own measurements. */
    DataSource database(String name) {
        return postgres.getDatabase("postgres", name);
    }

    String version() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             var result = statement.executeQuery("SHOW server_version")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
