package dev.orderly.axon.wake;

import dev.orderly.axon.NodeProperties;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * The event store every processor reads from (none names a {@code source}, so Axon gives each the event store): the
 * embedded one with availability callbacks, in place of the one Axon's auto-configuration would build, and the
 * notices that wake it when another node appends.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WakeProperties.class)
public class WakeOnAppendConfiguration {

    /**
     * Axon's JDBC storage engine, declared here because Axon's auto-configuration builds one only when no event store
     * is declared; set up as it would be (our serializers and PostgreSQL's duplicate-key resolver are beans).
     */
    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration axon,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(axon.upcasterChain())
                .snapshotFilter(axon.snapshotFilter())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(new EventSchema())
                .build();
    }

    /** Named as Axon names its own, which steps aside for it ({@code @ConditionalOnMissingBean(EventBus.class)}). */
    @Bean(name = "eventBus")
    WakingEventStore eventStore(EventStorageEngine storageEngine,
                                org.axonframework.config.Configuration axon,
                                WakeProperties properties) {
        return WakingEventStore.create(storageEngine, EmbeddedEventStore.builder()
                        .messageMonitor(axon.messageMonitor(EventStore.class, "eventStore"))
                        .spanFactory(axon.getComponent(EventBusSpanFactory.class)),
                properties.fetchDelay());
    }

    @Bean
    @ConditionalOnProperty(name = "orderly.wake.enabled", havingValue = "true", matchIfMissing = true)
    AppendNotifier appendNotifier(DataSource dataSource, WakingEventStore eventStore, WakeProperties properties,
                                  NodeProperties node) {
        return new AppendNotifier(dataSource, eventStore, properties, node.id());
    }
}
