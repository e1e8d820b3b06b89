package dev.orderly.projection.resource;

import dev.orderly.command.Money;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceCapacityChangedEvent;
import dev.orderly.command.resource.ResourcePriceChangedEvent;
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
import org.springframework.jdbc.core.JdbcTemplate;
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
 * twice changes nothing: no read before the write, and a failing statement fails inside its handler, where the
 * dead-letter queue can park the event (see {@code DeadLetterSavepoints}), rather than at commit. Queries read
 * through JPA.
 */
@Component
@ProcessingGroup(ResourceAvailabilityProjection.PROCESSING_GROUP)
class ResourceAvailabilityProjection {

    static final String PROCESSING_GROUP = "resource-availability";

    private final ResourceAvailabilityRepository repository;
    private final JdbcTemplate jdbc;

    ResourceAvailabilityProjection(ResourceAvailabilityRepository repository, JdbcTemplate jdbc) {
        this.repository = repository;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ResourceRegisteredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        Money price = event.unitPrice();
        jdbc.update("""
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
        int updated = jdbc.update("""
                UPDATE resource_availability SET unit_price = ?, currency = ?, last_sequence = ?, updated_at = ?
                WHERE resource_id = ? AND last_sequence < ?""", event.unitPrice().minorUnits(),
                event.unitPrice().currency(), sequence, timestamp(at), event.resourceId().toString(), sequence);
        requireRegistered(updated, event.resourceId().toString());
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

    /** Applies {@code change} (one assignment taking one value) to the resource's row unless already applied. */
    private void apply(String change, int value, String resourceId, long sequence, Instant at) {
        int updated = jdbc.update("UPDATE resource_availability SET " + change
                        + ", last_sequence = ?, updated_at = ? WHERE resource_id = ? AND last_sequence < ?",
                value, sequence, timestamp(at), resourceId, sequence);
        requireRegistered(updated, resourceId);
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
