package dev.orderly.projection.resource;

import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceCapacityChangedEvent;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.query.resource.FindResourceQuery;
import dev.orderly.query.resource.FindResourcesQuery;
import dev.orderly.query.resource.ResourcePage;
import dev.orderly.query.resource.ResourceView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Capacity, held and free units per resource. */
@Component
@ProcessingGroup(ResourceAvailabilityProjection.PROCESSING_GROUP)
class ResourceAvailabilityProjection {

    static final String PROCESSING_GROUP = "resource-availability";

    private final ResourceAvailabilityRepository repository;

    ResourceAvailabilityProjection(ResourceAvailabilityRepository repository) {
        this.repository = repository;
    }

    @EventHandler
    void on(ResourceRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        if (!repository.existsById(event.resourceId().toString())) {
            repository.save(new ResourceAvailability(event.resourceId().toString(), event.name(), event.capacity(),
                    sequence, at));
        }
    }

    @EventHandler
    void on(ResourceReservedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.resourceId().toString(), sequence, row -> row.hold(event.quantity(), sequence, at));
    }

    @EventHandler
    void on(ReservationReleasedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.resourceId().toString(), sequence, row -> row.release(event.quantity(), sequence, at));
    }

    @EventHandler
    void on(ResourceCapacityChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event.resourceId().toString(), sequence, row -> row.changeCapacity(event.capacity(), sequence, at));
    }

    @ResetHandler
    void reset() {
        repository.deleteAllInBatch();
    }

    @QueryHandler
    Optional<ResourceView> handle(FindResourceQuery query) {
        return repository.findById(query.resourceId().toString()).map(ResourceAvailabilityProjection::view);
    }

    @QueryHandler
    ResourcePage handle(FindResourcesQuery query) {
        List<ResourceView> items = repository.findByResourceIdGreaterThanOrderByResourceId(
                        query.after() == null ? "" : query.after(), PageRequest.of(0, query.limit()))
                .stream().map(ResourceAvailabilityProjection::view).toList();
        String next = items.size() == query.limit() ? items.get(items.size() - 1).resourceId() : null;
        return new ResourcePage(items, next);
    }

    private void apply(String resourceId, long sequence, java.util.function.Consumer<ResourceAvailability> change) {
        ResourceAvailability row = repository.findById(resourceId).orElseThrow(() -> new IllegalStateException(
                "resource " + resourceId + " has events but was never registered in this projection"));
        if (!row.alreadyApplied(sequence)) {
            change.accept(row);
        }
    }

    private static ResourceView view(ResourceAvailability row) {
        return new ResourceView(row.resourceId(), row.name(), row.capacity(), row.held(),
                row.capacity() - row.held());
    }
}
