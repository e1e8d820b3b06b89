package dev.orderly.gateway;

import dev.orderly.gateway.problem.ApiProblem;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether an aggregate of a given type exists, asked of the event store rather than a read model: a resource
 * registered a moment ago exists even before it is projected, and an order id is not a resource id.
 */
@Component
public class AggregateLookup {

    private final EventStore eventStore;

    AggregateLookup(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    public boolean exists(String aggregateId, String type) {
        return typeOf(aggregateId).filter(type::equals).isPresent();
    }

    /** Answers {@code 404} unless an aggregate of {@code type} has this id, whether or not it is projected yet. */
    public void requireExists(String aggregateId, String type) {
        if (!exists(aggregateId, type)) {
            throw ApiProblem.notFound(type.toLowerCase(Locale.ROOT) + " " + aggregateId);
        }
    }

    /** The type of the aggregate with this id, whatever it is, or empty when no aggregate has it. */
    public Optional<String> typeOf(String aggregateId) {
        DomainEventStream events = eventStore.readEvents(aggregateId);
        if (!events.hasNext()) {
            return Optional.empty();
        }
        DomainEventMessage<?> first = events.peek();
        return Optional.ofNullable(first.getType());
    }
}
