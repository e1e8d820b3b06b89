package dev.orderly.projection;

import dev.orderly.axon.ProjectionWrites;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real PostgreSQL with the read models' schema, as Flyway builds it in production, started once per test JVM; and
 * projections fed events as their processor delivers them (Axon's handler adapter, so parameters such as the
 * sequence number and timestamp resolve as they do in the app). Outside a processor's batch {@link ProjectionWrites}
 * writes at once, so what a handler wrote can be read back straight after it.
 */
public final class ReadModelDatabase {

    private static EmbeddedPostgres postgres;

    private final JdbcTemplate jdbc;
    private final ProjectionWrites writes;
    private final List<AnnotationEventHandlerAdapter> projections = new ArrayList<>();
    private final Map<String, Long> sequences = new ConcurrentHashMap<>();

    private ReadModelDatabase(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.writes = new ProjectionWrites(jdbc);
    }

    /** The shared database; every test works on aggregates of its own random ids. */
    public static synchronized ReadModelDatabase start() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration")
                    .load().migrate();
        }
        return new ReadModelDatabase(new JdbcTemplate(postgres.getPostgresDatabase()));
    }

    public JdbcTemplate jdbc() {
        return jdbc;
    }

    public ProjectionWrites writes() {
        return writes;
    }

    /** Adds a projection that {@link #publish} feeds. */
    public ReadModelDatabase with(Object projection) {
        projections.add(new AnnotationEventHandlerAdapter(projection));
        return this;
    }

    /** Delivers {@code event} of aggregate {@code aggregateId} to every projection, at the aggregate's next sequence. */
    public void publish(String aggregateType, String aggregateId, Object event) {
        long sequence = sequences.merge(aggregateId, 0L, (previous, zero) -> previous + 1);
        DomainEventMessage<?> message = new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, event);
        for (AnnotationEventHandlerAdapter projection : projections) {
            try {
                if (projection.canHandle(message)) {
                    projection.handle(message);
                }
            } catch (Exception e) {
                throw new IllegalStateException("projecting " + event, e);
            }
        }
    }
}
