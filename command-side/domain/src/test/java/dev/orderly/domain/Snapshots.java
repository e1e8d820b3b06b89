package dev.orderly.domain;

import dev.orderly.axon.OrderlySerialization;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An aggregate's snapshot as production stores and reads it: taken by Axon's snapshotter from the aggregate's events,
 * written and read back by Orderly's serializer. Given to a test fixture in place of the events, it must make the
 * aggregate decide every command as the events do.
 */
public final class Snapshots {

    private static final Serializer SERIALIZER = OrderlySerialization.jackson();

    private Snapshots() {
    }

    /**
     * @param resources what the aggregate's command handlers take besides the command (ports, the deadline manager),
     *                  so that Axon can inspect it as the application does
     */
    public static <T> DomainEventMessage<T> of(Class<T> type, String aggregateId, List<?> events,
                                               Object... resources) {
        List<DomainEventMessage<?>> stream = new ArrayList<>();
        for (Object event : events) {
            stream.add(new GenericDomainEventMessage<>(type.getSimpleName(), aggregateId, stream.size(), event));
        }
        DomainEventMessage<?> taken = new Taker(type, resources)
                .take(type, aggregateId, DomainEventStream.of(stream));
        SerializedObject<byte[]> stored = SERIALIZER.serialize(taken.getPayload(), byte[].class);
        T restored = SERIALIZER.deserialize(stored);
        return new GenericDomainEventMessage<>(taken.getType(), aggregateId, taken.getSequenceNumber(), restored);
    }

    /** The snapshot's JSON, to show what is kept. */
    public static String json(DomainEventMessage<?> snapshot) {
        return new String(SERIALIZER.serialize(snapshot.getPayload(), byte[].class).getData());
    }

    private static final class Taker extends AggregateSnapshotter {

        Taker(Class<?> type, Object... resources) {
            super(AggregateSnapshotter.builder()
                    .eventStore(EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build())
                    .aggregateFactories(new GenericAggregateFactory<>(type))
                    .parameterResolverFactory(MultiParameterResolverFactory.ordered(
                            new SimpleResourceParameterResolverFactory(Set.of(resources)),
                            ClasspathParameterResolverFactory.forClass(type))));
        }

        DomainEventMessage<?> take(Class<?> type, String aggregateId, DomainEventStream events) {
            return createSnapshot(type, aggregateId, events);
        }
    }
}
