package dev.orderly.axon;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * The PostgreSQL server Orderly starts for itself when no {@code spring.datasource.url} is configured.
 *
 * @param enabled   start an embedded PostgreSQL when no datasource URL is set; switch off to fail fast instead
 * @param dataDir   folder that keeps the database files between runs; a restart on the same folder keeps the data
 * @param port      TCP port of the embedded server; 0 picks a free port (it is logged at start)
 * @param cleanData wipe the folder at every start, for throw-away runs
 * @param durable   run with {@code fsync}, {@code synchronous_commit} and {@code full_page_writes} on, so that a commit
 *                  the server acknowledged survives a crash of the server or the machine (zonky turns the first two
 *                  off); the build's test JVMs switch it off for speed
 */
@ConfigurationProperties("orderly.database.embedded")
public record EmbeddedDatabaseProperties(@DefaultValue("true") boolean enabled,
                                         @DefaultValue("./data/postgres") Path dataDir,
                                         @DefaultValue("0") int port,
                                         @DefaultValue("false") boolean cleanData,
                                         @DefaultValue("true") boolean durable) {
}
