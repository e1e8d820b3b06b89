package dev.orderly.axon.aggregate;

import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Builds each aggregate type's repository: Spring's handler parameters (the ports command handlers take), a cache of
 * its own bounded by {@link AggregateStoreProperties#cacheSize()}, and the shared snapshot trigger.
 */
public class AggregateRepositories {

    private final EventStore eventStore;
    private final SnapshotTriggerDefinition snapshotTrigger;
    private final ParameterResolverFactory parameterResolverFactory;
    private final HandlerDefinition handlerDefinition;
    private final ObjectProvider<Configuration> axon;
    private final int cacheSize;

    AggregateRepositories(EventStore eventStore, SnapshotTriggerDefinition snapshotTrigger,
                          ParameterResolverFactory parameterResolverFactory, HandlerDefinition handlerDefinition,
                          ObjectProvider<Configuration> axon, AggregateStoreProperties properties) {
        this.eventStore = eventStore;
        this.snapshotTrigger = snapshotTrigger;
        this.parameterResolverFactory = parameterResolverFactory;
        this.handlerDefinition = handlerDefinition;
        this.axon = axon;
        this.cacheSize = properties.cacheSize();
    }

    public <T> VerifiedCachingRepository<T> repositoryFor(Class<T> aggregateType) {
        return VerifiedCachingRepository.verifiedBuilder(aggregateType)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .eventStore(eventStore)
                .snapshotTriggerDefinition(snapshotTrigger)
                .cache(new AggregateCache(cacheSize))
                // read when an aggregate refers to another one, long after Axon's configuration has started
                .repositoryProvider(new LazyRepositoryProvider(axon))
                .build();
    }
}
