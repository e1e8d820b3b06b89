package dev.orderly.axon.aggregate;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.SnapshotterSpanFactory;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Command cost independent of history: every aggregate is cached on its node (checked against the store before each
 * use) and snapshotted every {@link AggregateStoreProperties#snapshotThreshold()} events on a thread of its own.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AggregateStoreProperties.class)
public class AggregateStoreConfiguration {

    @Bean
    static AggregateRepositoryRegistrar aggregateRepositoryRegistrar() {
        return new AggregateRepositoryRegistrar();
    }

    /** One thread: snapshots are background work, and one at a time keeps them from competing with commands. */
    @Bean(destroyMethod = "shutdownNow")
    ThreadPoolExecutor snapshotExecutor(AggregateStoreProperties properties) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(properties.snapshotQueue()), runnable -> {
                    Thread thread = new Thread(runnable, "snapshotter");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Replaces the snapshotter of Axon's auto-configuration, which takes snapshots in the committing thread. */
    @Bean
    Snapshotter snapshotter(ObjectProvider<Configuration> axon, EventStore eventStore,
                            TransactionManager transactionManager, ParameterResolverFactory parameterResolverFactory,
                            HandlerDefinition handlerDefinition, SnapshotterSpanFactory spanFactory,
                            ThreadPoolExecutor snapshotExecutor) {
        SpringAggregateSnapshotter.Builder builder = new SpringAggregateSnapshotter.Builder()
                .repositoryProvider(new LazyRepositoryProvider(axon))
                .eventStore(eventStore)
                .transactionManager(transactionManager)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .spanFactory(spanFactory)
                .executor(snapshotExecutor);
        return new BoundedSnapshotter(builder);
    }

    @Bean
    SnapshotTriggerDefinition aggregateSnapshotTrigger(Snapshotter snapshotter, AggregateStoreProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.snapshotThreshold());
    }

    @Bean
    AggregateRepositories aggregateRepositories(EventStore eventStore, SnapshotTriggerDefinition aggregateSnapshotTrigger,
                                                ParameterResolverFactory parameterResolverFactory,
                                                HandlerDefinition handlerDefinition,
                                                ObjectProvider<Configuration> axon,
                                                AggregateStoreProperties properties) {
        return new AggregateRepositories(eventStore, aggregateSnapshotTrigger, parameterResolverFactory,
                handlerDefinition, axon, properties);
    }
}
