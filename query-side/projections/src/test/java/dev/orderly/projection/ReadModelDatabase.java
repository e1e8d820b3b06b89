package dev.orderly.projection;

import dev.orderly.axon.ProjectionWrites;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.flywaydb.core.Flyway;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real PostgreSQL with the read models' schema, as Flyway builds it in production, started once per test JVM; and
 * projections fed events as their processor delivers them (Axon's handler adapter, so parameters such as the
 * sequence number and timestamp resolve as they do in the app). Outside a processor's batch {@link ProjectionWrites}
 * writes at once, so what a handler wrote can be read back straight after it. Every message is a tracked one, at the
 * next position of one global stream, as a streaming processor hands it over; {@link #redeliver} hands the very same
 * message over again, as a processor does after its token was not stored.
 */
public final class ReadModelDatabase {

    private static EmbeddedPostgres postgres;
    private static final AtomicLong GLOBAL_INDEX = new AtomicLong();
    private static final Map<String, JpaRepositoryFactory> REPOSITORIES = new ConcurrentHashMap<>();

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

    /**
     * Delivers {@code event} of aggregate {@code aggregateId} to every projection, at the aggregate's next sequence.
     *
     * @return the message as delivered, for {@link #redeliver}
     */
    public DomainEventMessage<?> publish(String aggregateType, String aggregateId, Object event) {
        long sequence = sequences.merge(aggregateId, 0L, (previous, zero) -> previous + 1);
        DomainEventMessage<?> message = new GenericTrackedDomainEventMessage<>(
                new GlobalSequenceTrackingToken(GLOBAL_INDEX.incrementAndGet()),
                new GenericDomainEventMessage<>(aggregateType, aggregateId, sequence, event));
        redeliver(message);
        return message;
    }

    /** Delivers a message again, with its identifier, sequence and position unchanged. */
    public void redeliver(DomainEventMessage<?> message) {
        for (AnnotationEventHandlerAdapter projection : projections) {
            try {
                if (projection.canHandle(message)) {
                    projection.handle(message);
                }
            } catch (Exception e) {
                throw new IllegalStateException("projecting " + message.getPayload(), e);
            }
        }
    }

    /**
     * A Spring Data repository of the entities in {@code entityPackage}, as the projection's queries read them, on a
     * Hibernate of its own (no Spring context); reads outside a transaction, as the query handlers do.
     */
    public static <R> R repository(Class<R> type, String entityPackage) {
        return REPOSITORIES.computeIfAbsent(entityPackage, ReadModelDatabase::repositories).getRepository(type);
    }

    private static JpaRepositoryFactory repositories(String entityPackage) {
        start();
        LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
        factory.setDataSource(postgres.getPostgresDatabase());
        factory.setPackagesToScan(entityPackage);
        factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
        factory.setPersistenceUnitName(entityPackage);
        factory.afterPropertiesSet();
        return new JpaRepositoryFactory(SharedEntityManagerCreator.createSharedEntityManager(factory.getObject()));
    }
}
