package dev.orderly.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.axon.OrderlySerialization;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the command side makes of a history: the aggregate rebuilt from its events by its own event-sourcing handlers,
 * as Axon loads it before a command, and its state as Orderly's serializer stores it in a snapshot. The aggregates have no getters, on purpose; their stored state is what they decide from.
 */
public final class CommandSide {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CommandSide() {
    }

    /**
     * @param resources what the aggregate's command handlers take besides the command, so that Axon can inspect it
     */
    public static <T> JsonNode state(Class<T> type, String aggregateId, List<?> events, Object... resources) {
        List<DomainEventMessage<?>> stream = new ArrayList<>();
        for (Object event : events) {
            stream.add(new GenericDomainEventMessage<>(type.getSimpleName(), aggregateId, stream.size(), event));
        }
        AggregateModel<T> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(type,
                MultiParameterResolverFactory.ordered(new SimpleResourceParameterResolverFactory(Set.of(resources)),
                        ClasspathParameterResolverFactory.forClass(type)));
        EventSourcedAggregate<T> aggregate = EventSourcedAggregate.initialize(
                new GenericAggregateFactory<>(type).createAggregateRoot(aggregateId, stream.get(0)), model, null,
                NoSnapshotTriggerDefinition.TRIGGER);
        aggregate.initializeState(DomainEventStream.of(stream));
        byte[] stored = aggregate.invoke(root -> OrderlySerialization.jackson().serialize(root, byte[].class)
                .getData());
        try {
            return JSON.readTree(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
