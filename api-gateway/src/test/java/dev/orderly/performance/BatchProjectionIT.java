package dev.orderly.performance;

import dev.orderly.command.Money;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.query.resource.ResourceView;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A projection's batch runs in one piece, and only a failing batch runs again event by event: the poison events of
 * a batch are parked and nothing else, the good events of the same batch are applied exactly once, and a batch with
 * no failure sets one savepoint, not one per event. Every SQL statement the app sends passes a counting wrapper of
 * its DataSource; a probe handler in the {@code resource-availability} group records each event it applies (a plain
 * SQL insert, made at once) and throws after that insert for one marked event.
 */
@OrderlySystemTest
@Import(BatchProjectionIT.Probes.class)
class BatchProjectionIT {

    static final String GROUP = ResourceView.PROCESSING_GROUP;
    static final String THROWS_AFTER_ITS_WRITE = "throws after its write";

    @LocalServerPort
    int port;
    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    TransactionManager transactionManager;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    StatementCounter statements;

    @Test
    void a_batch_with_poison_events_parks_only_them_and_applies_every_other_event_once() {
        List<ResourceId> good = new ArrayList<>();
        ResourceId refusedByJava = ResourceId.random();
        ResourceId refusedByPostgres = ResourceId.random();
        ResourceId failsAfterItsWrite = ResourceId.random();
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ResourceId resource = ResourceId.random();
            good.add(resource);
            events.add(registered(resource, "batch desk " + i));
            switch (i) {
                // The projection's own check: a reservation of a resource it never saw (IllegalStateException).
                case 2 -> events.add(event(refusedByJava, new ResourceReservedEvent(refusedByJava,
                        ReservationId.random(), new CustomerId("poison"), 1, 1, 1, null, null)));
                // PostgreSQL's: the name does not fit its VARCHAR(200) column.
                case 5 -> events.add(registered(refusedByPostgres, "x".repeat(300)));
                // The probe's: it has inserted its row, and the projection its own, when it throws.
                case 8 -> events.add(registered(failsAfterItsWrite, THROWS_AFTER_ITS_WRITE));
                default -> { }
            }
        }

        inOneCatchUp(events);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(parked(refusedByJava)).isTrue();
            assertThat(parked(refusedByPostgres)).isTrue();
            assertThat(parked(failsAfterItsWrite)).isTrue();
            assertThat(rowsOf(good)).isEqualTo(good.size());
        });
        for (ResourceId resource : good) {
            assertThat(parked(resource)).as("parked %s", resource).isFalse();
            assertThat(probeRows(resource)).as("applications of %s", resource).isEqualTo(1);
        }
        assertThat(probeRows(failsAfterItsWrite)).as("the probe's write before it threw").isZero();
        assertThat(rowsOf(List.of(failsAfterItsWrite, refusedByPostgres, refusedByJava))).isZero();

        // Fast mode is back: a resource registered after the poison batch is projected.
        String later = new TestApi(port).registerResource("After the poison batch", 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(new TestApi(port).get("/api/resources/" + later).status()).isEqualTo(200));
    }

    @Test
    void a_batch_without_failure_sets_one_savepoint_not_one_per_event() {
        List<ResourceId> resources = new ArrayList<>();
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ResourceId resource = ResourceId.random();
            resources.add(resource);
            events.add(registered(resource, "quiet desk " + i));
        }

        statements.reset();
        inOneCatchUp(events);
        await().atMost(Duration.ofSeconds(60)).until(() -> rowsOf(resources) == resources.size());

        long savepoints = statements.savepoints();
        long commits = statements.commits();
        assertThat(commits).as("transactions of the projection's threads").isPositive();
        // One savepoint per batch at most; one per event would be 200.
        assertThat(savepoints).as("savepoints set by the projection's threads (%s commits)", commits)
                .isLessThanOrEqualTo(commits).isLessThan(resources.size() / 4);
    }

    /** Appends the events while the projection is stopped, so that it meets them in full batches. */
    private void inOneCatchUp(List<DomainEventMessage<?>> events) {
        StreamingEventProcessor projection = processing.eventProcessor(GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        projection.shutDown();
        try {
            transactionManager.executeInTransaction(() -> storageEngine.appendEvents(events));
        } finally {
            projection.start();
        }
    }

    private boolean parked(ResourceId resource) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = processing.deadLetterQueue(GROUP).orElseThrow();
        return transactionManager.fetchInTransaction(() -> queue.contains(resource.toString()));
    }

    private long rowsOf(List<ResourceId> resources) {
        return jdbc.queryForObject("SELECT count(*) FROM resource_availability WHERE resource_id = ANY (?)",
                Long.class, (Object) resources.stream().map(ResourceId::toString).toArray(String[]::new));
    }

    private long probeRows(ResourceId resource) {
        return jdbc.queryForObject("SELECT count(*) FROM batch_probe WHERE resource_id = ?", Long.class,
                resource.toString());
    }

    private static DomainEventMessage<?> registered(ResourceId resource, String name) {
        return event(resource, new ResourceRegisteredEvent(resource, name, 1, new Money(1250, "EUR")));
    }

    private static DomainEventMessage<?> event(ResourceId resource, Object payload) {
        return new GenericDomainEventMessage<>("Resource", resource.toString(), 0, payload);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Probes {

        @Bean
        static BeanPostProcessor countingDataSource(org.springframework.beans.factory.ObjectProvider<StatementCounter>
                                                            counter) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource source && !(bean instanceof CountingDataSource)
                            ? new CountingDataSource(source, counter.getObject()) : bean;
                }
            };
        }

        @Bean
        StatementCounter statementCounter() {
            return new StatementCounter();
        }

        @Bean
        ProbeProjection probeProjection(JdbcTemplate jdbc) {
            return new ProbeProjection(jdbc);
        }
    }

    /** A second handler of the group: writes a row per event at once, and throws after it for the marked one. */
    @ProcessingGroup(GROUP)
    static class ProbeProjection {

        private final JdbcTemplate jdbc;

        ProbeProjection(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
            jdbc.execute("CREATE TABLE IF NOT EXISTS batch_probe (event_id TEXT NOT NULL, resource_id TEXT NOT NULL)");
        }

        @EventHandler
        void on(ResourceRegisteredEvent event, EventMessage<?> message) {
            jdbc.update("INSERT INTO batch_probe (event_id, resource_id) VALUES (?, ?)", message.getIdentifier(),
                    event.resourceId().toString());
            if (THROWS_AFTER_ITS_WRITE.equals(event.name())) {
                throw new IllegalStateException("the probe refuses " + event.resourceId() + " after its write");
            }
        }
    }

    /** Savepoints set and commits made by the threads of the projection's processor. */
    static final class StatementCounter {

        private static final Pattern SAVEPOINT = Pattern.compile("(?i)(?:^|;)\\s*SAVEPOINT\\s");

        private final AtomicLong savepoints = new AtomicLong();
        private final AtomicLong commits = new AtomicLong();

        void reset() {
            savepoints.set(0);
            commits.set(0);
        }

        long savepoints() {
            return savepoints.get();
        }

        long commits() {
            return commits.get();
        }

        void sql(String sql) {
            if (projectionThread()) {
                Matcher matcher = SAVEPOINT.matcher(sql);
                while (matcher.find()) {
                    savepoints.incrementAndGet();
                }
            }
        }

        void savepoint() {
            if (projectionThread()) {
                savepoints.incrementAndGet();
            }
        }

        void commit() {
            if (projectionThread()) {
                commits.incrementAndGet();
            }
        }

        private static boolean projectionThread() {
            return Thread.currentThread().getName().startsWith("WorkPackage[" + GROUP + "]");
        }
    }

    /** Hands out connections whose statements the counter sees. */
    static final class CountingDataSource extends DelegatingDataSource {

        private final StatementCounter counter;

        CountingDataSource(DataSource target, StatementCounter counter) {
            super(target);
            this.counter = counter;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return counting(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return counting(super.getConnection(username, password));
        }

        private Connection counting(Connection connection) {
            return proxy(Connection.class, connection, (target, method, arguments) -> {
                switch (method.getName()) {
                    case "prepareStatement", "prepareCall", "nativeSQL" -> counter.sql((String) arguments[0]);
                    case "setSavepoint" -> counter.savepoint();
                    case "commit" -> counter.commit();
                    default -> { }
                }
                Object result = invoke(method, target, arguments);
                return method.getName().equals("createStatement")
                        ? proxy(Statement.class, (Statement) result, (statement, call, values) -> {
                            if (call.getName().startsWith("execute") || call.getName().equals("addBatch")) {
                                if (values != null && values.length > 0 && values[0] instanceof String sql) {
                                    counter.sql(sql);
                                }
                            }
                            return invoke(call, statement, values);
                        }) : result;
            });
        }

        private interface Call<T> {
            Object on(T target, java.lang.reflect.Method method, Object[] arguments) throws Throwable;
        }

        private static <T> T proxy(Class<T> type, T target, Call<T> call) {
            InvocationHandler handler = (self, method, arguments) -> {
                if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                    return invoke(method, target, arguments);
                }
                return call.on(target, method, arguments);
            };
            return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
        }

        private static Object invoke(java.lang.reflect.Method method, Object target, Object[] arguments)
                throws Throwable {
            try {
                return method.invoke(target, arguments);
            } catch (InvocationTargetException failure) {
                throw failure.getCause();
            }
        }
    }
}
