package dev.orderly.projection.resource;

import dev.orderly.axon.ProjectionWrites;
import dev.orderly.command.Money;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceCapacityChangedEvent;
import dev.orderly.command.resource.ResourcePriceChangedEvent;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.query.resource.FindResourceQuery;
import dev.orderly.query.resource.FindResourcesByIdQuery;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Capacity, held and free units per resource.
 * <p>
 * Each event is one SQL statement, guarded by the resource's last applied sequence number so that handling an event
 * twice changes nothing, and no read before the write. The statements go through {@link ProjectionWrites}: a batch
 * of events sends each kind as one JDBC batch, and a batch that fails runs again event by event, where a failing
 * statement fails inside its handler and the dead-letter queue parks the event (see {@code BatchFirstInterceptor}).
 * Queries read through JPA.
 */
@Component
@ProcessingGroup(ResourceView.PROCESSING_GROUP)
class ResourceAvailabilityProjection {

    private static final String TABLE = "resource_availability";

    private final ResourceAvailabilityRepository repository;
    private final ProjectionWrites writes;

    ResourceAvailabilityProjection(ResourceAvailabilityRepository repository, ProjectionWrites writes) {
        this.repository = repository;
        this.writes = writes;
    }

    @EventHandler
    void on(ResourceRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Money price = event.unitPrice();
        writes.update(TABLE, """
                INSERT INTO resource_availability (resource_id, name, capacity, held, unit_price, currency,
                                                   last_sequence, updated_at)
                VALUES (?, ?, ?, 0, ?, ?, ?, ?) ON CONFLICT (resource_id) DO NOTHING""",
                event.resourceId().toString(), event.name(), event.capacity(),
                price == null ? null : price.minorUnits(), price == null ? null : price.currency(), sequence,
                timestamp(at));
    }

    @EventHandler
    void on(ResourceReservedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply("held = held + ?", event.quantity(), event.resourceId().toString(), sequence, at);
    }

    @EventHandler
    void on(ReservationReleasedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply("held = held - ?", event.quantity(), event.resourceId().toString(), sequence, at);
    }

    @EventHandler
    void on(ResourceCapacityChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply("capacity = ?", event.capacity(), event.resourceId().toString(), sequence, at);
    }

    @EventHandler
    void on(ResourcePriceChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        String resourceId = event.resourceId().toString();
        writes.update(TABLE, """
                UPDATE resource_availability SET unit_price = ?, currency = ?, last_sequence = ?, updated_at = ?
                WHERE resource_id = ? AND last_sequence < ?""", new Object[] {event.unitPrice().minorUnits(),
                event.unitPrice().currency(), sequence, timestamp(at), resourceId, sequence},
                updated -> requireRegistered(updated, resourceId));
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
    List<ResourceView> handle(FindResourcesByIdQuery query) {
        return repository.findAllById(query.resourceIds().stream().map(Object::toString).toList()).stream()
                .map(ResourceAvailabilityProjection::view).toList();
    }

    @QueryHandler
    ResourcePage handle(FindResourcesQuery query) {
        List<ResourceView> items = repository.findByResourceIdGreaterThanOrderByResourceId(
                        query.after() == null ? "" : query.after(), PageRequest.of(0, query.limit()))
                .stream().map(ResourceAvailabilityProjection::view).toList();
        String next = items.size() == query.limit() ? items.get(items.size() - 1).resourceId() : null;
        return new ResourcePage(items, next);
    }

    /** Applies {@code change} (one assignment taking one value) to the resource's row unless already applied. */
    private void apply(String change, int value, String resourceId, long sequence, Instant at) {
        writes.update(TABLE, "UPDATE resource_availability SET " + change
                        + ", last_sequence = ?, updated_at = ? WHERE resource_id = ? AND last_sequence < ?",
                new Object[] {value, sequence, timestamp(at), resourceId, sequence},
                updated -> requireRegistered(updated, resourceId));
    }

    private void requireRegistered(int updated, String resourceId) {
        if (updated == 0 && !repository.existsById(resourceId)) {
            throw new IllegalStateException(
                    "resource " + resourceId + " has events but was never registered in this projection");
        }
    }

    private static OffsetDateTime timestamp(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static ResourceView view(ResourceAvailability row) {
        return new ResourceView(row.resourceId(), row.name(), row.capacity(), row.held(),
                row.capacity() - row.held(), row.unitPrice(), row.currency());
    }
}
