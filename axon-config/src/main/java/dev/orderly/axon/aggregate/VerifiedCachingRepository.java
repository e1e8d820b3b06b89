package dev.orderly.axon.aggregate;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.RepositoryProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

import static org.axonframework.common.BuilderUtils.assertNonNull;

/**
 * An event-sourcing repository that keeps aggregates in memory between commands, safe when several nodes append to
 * one event store. Axon's {@code CachingEventSourcingRepository} trusts its cached copy: a node whose copy is stale
 * still decides on it, and only a command that appends is caught, by the unique (aggregate, sequence) key. A command
 * that emits nothing on stale state (a refusal, a release that looks repeated) would go through unnoticed.
 *
 * <p>Here the copy is used only once the store's last sequence number for the aggregate, an index-only lookup, is
 * the copy's own. When another node has appended since, the copy reads just the events after its own and applies
 * them. A copy further behind than {@code maxCatchUp} events is dropped and loaded afresh instead: the nodes that
 * appended those events took snapshots on the way, so the load reads the newest snapshot and at most a threshold's
 * worth of events. So is a copy ahead of the store, which a rolled-back unit of work can leave.
 * Like Axon's, the copy is evicted when the unit of work that used it rolls back, since its state may then hold
 * changes that were never stored. The lock each load takes is this node's, so the check and the decision are not
 * atomic across nodes: an append decided meanwhile elsewhere still loses on the unique key and is retried.
 */
public class VerifiedCachingRepository<T> extends EventSourcingRepository<T> {

    private static final Logger log = LoggerFactory.getLogger(VerifiedCachingRepository.class);

    private final EventStore eventStore;
    private final Cache cache;
    private final SnapshotTriggerDefinition snapshotTriggerDefinition;
    private final RepositoryProvider repositoryProvider;
    private final long maxCatchUp;

    protected VerifiedCachingRepository(Builder<T> builder) {
        super(builder);
        this.eventStore = builder.eventStore();
        this.cache = builder.cache();
        this.snapshotTriggerDefinition = builder.snapshotTriggerDefinition();
        this.repositoryProvider = builder.repositoryProvider();
        this.maxCatchUp = builder.maxCatchUp;
    }

    public static <T> Builder<T> verifiedBuilder(Class<T> aggregateType) {
        return new Builder<>(aggregateType);
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        CurrentUnitOfWork.get().onRollback(u -> cache.remove(aggregateIdentifier));
        AggregateCacheEntry<T> entry = cache.get(aggregateIdentifier);
        EventSourcedAggregate<T> aggregate = entry == null ? null : entry.recreateAggregate(
                aggregateModel(), eventStore, repositoryProvider, snapshotTriggerDefinition);
        if (aggregate != null && !bringUpToDate(aggregateIdentifier, aggregate)) {
            cache.remove(aggregateIdentifier);
            aggregate = null;
        }
        if (aggregate == null) {
            return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
        }
        if (aggregate.isDeleted()) {
            throw new AggregateDeletedException(aggregateIdentifier);
        }
        return aggregate;
    }

    /** True when the cached copy now stands where the store does; false when it must be loaded afresh. */
    private boolean bringUpToDate(String aggregateIdentifier, EventSourcedAggregate<T> aggregate) {
        Long cached = aggregate.version();
        Optional<Long> stored = eventStore.lastSequenceNumberFor(aggregateIdentifier);
        if (cached == null || stored.isEmpty() || stored.get() < cached || stored.get() - cached > maxCatchUp) {
            return false;
        }
        if (stored.get().equals(cached)) {
            return true;
        }
        DomainEventStream missed = eventStore.readEvents(aggregateIdentifier, cached + 1);
        if (!missed.hasNext()) {
            return false;
        }
        aggregate.initializeState(missed);
        log.debug("{} {} was at sequence {} in this node's cache, behind the store; brought up to {}",
                aggregate.type(), aggregateIdentifier, cached, aggregate.version());
        return true;
    }

    @Override
    protected void doSaveWithLock(EventSourcedAggregate<T> aggregate) {
        super.doSaveWithLock(aggregate);
        keep(aggregate);
    }

    @Override
    protected void doDeleteWithLock(EventSourcedAggregate<T> aggregate) {
        super.doDeleteWithLock(aggregate);
        keep(aggregate);
    }

    private void keep(EventSourcedAggregate<T> aggregate) {
        String key = aggregate.identifierAsString();
        CurrentUnitOfWork.get().onRollback(u -> cache.remove(key));
        cache.put(key, new AggregateCacheEntry<>(aggregate));
    }

    /** Whether this node holds the aggregate in memory now; for tests that must know a copy is there to go stale. */
    public boolean holds(String aggregateIdentifier) {
        return cache.containsKey(aggregateIdentifier);
    }

    /** Builds a {@link VerifiedCachingRepository}; the cache is required. */
    public static class Builder<T> extends EventSourcingRepository.Builder<T> {

        private long maxCatchUp = Long.MAX_VALUE;

        protected Builder(Class<T> aggregateType) {
            super(aggregateType);
        }

        /** The most events a cached copy is brought forward by; further behind, it is loaded afresh. */
        public Builder<T> maxCatchUp(long events) {
            this.maxCatchUp = events;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R extends EventSourcingRepository<T>> R build() {
            return (R) new VerifiedCachingRepository<>(this);
        }

        EventStore eventStore() {
            return eventStore;
        }

        Cache cache() {
            return cache;
        }

        SnapshotTriggerDefinition snapshotTriggerDefinition() {
            return snapshotTriggerDefinition;
        }

        RepositoryProvider repositoryProvider() {
            return repositoryProvider;
        }

        @Override
        protected void validate() {
            super.validate();
            assertNonNull(cache, "The Cache is a hard requirement and should be provided");
        }
    }
}
