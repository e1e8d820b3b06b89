package dev.orderly.axon.aggregate;

import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Builds each aggregate type's repository: Spring's handler parameters (the ports command handlers take), a cache of
 * its own bounded by {@link AggregateStoreProperties#cacheSize()}, and the shared snapshot trigger; a cached copy
 * is brought forward by at most a snapshot threshold's events.
 */
public class AggregateRepositories {

    private final EventStore eventStore;
    private final SnapshotTriggerDefinition snapshotTrigger;
    private final ParameterResolverFactory parameterResolverFactory;
    private final HandlerDefinition handlerDefinition;
    private final ObjectProvider<Configuration> axon;
    private final int cacheSize;
    private final int snapshotThreshold;

    AggregateRepositories(EventStore eventStore, SnapshotTriggerDefinition snapshotTrigger,
                          ParameterResolverFactory parameterResolverFactory, HandlerDefinition handlerDefinition,
                          ObjectProvider<Configuration> axon, AggregateStoreProperties properties) {
        this.eventStore = eventStore;
        this.snapshotTrigger = snapshotTrigger;
        this.parameterResolverFactory = parameterResolverFactory;
        this.handlerDefinition = handlerDefinition;
        this.axon = axon;
        this.cacheSize = properties.cacheSize();
        this.snapshotThreshold = properties.snapshotThreshold();
    }

    public <T> VerifiedCachingRepository<T> repositoryFor(Class<T> aggregateType) {
        // a copy a threshold behind is cheaper to load from the snapshot taken on the way
        return VerifiedCachingRepository.verifiedBuilder(aggregateType).maxCatchUp(snapshotThreshold)
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
