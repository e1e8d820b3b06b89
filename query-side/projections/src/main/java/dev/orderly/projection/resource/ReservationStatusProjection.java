package dev.orderly.projection.resource;

import dev.orderly.axon.ProjectionWrites;
import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.query.resource.FindReservationQuery;
import dev.orderly.query.resource.FindReservationsOfCustomerQuery;
import dev.orderly.query.resource.FindResourceHoldersQuery;
import dev.orderly.query.resource.ReservationPage;
import dev.orderly.query.resource.ReservationStatus;
import dev.orderly.query.resource.ReservationView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The decided status of each reservation. A reservation that was accepted but not decided yet has no row here; the
 * gateway answers {@code PENDING} for it from the command it accepted. Rows and notifications go through
 * {@link ProjectionWrites}, so a batch of events writes them in a few round trips.
 */
@Component
@ProcessingGroup(ReservationView.PROCESSING_GROUP)
class ReservationStatusProjection {

    /** Told the id of every reservation whose status changes; see {@code LiveChangeListener}. */
    static final String CHANGED_CHANNEL = "orderly_reservation_changed";

    private static final String TABLE = "reservation_status";

    private final ReservationStatusRepository repository;
    private final ProjectionWrites writes;

    ReservationStatusProjection(ReservationStatusRepository repository, ProjectionWrites writes) {
        this.repository = repository;
        this.writes = writes;
    }

    @EventHandler
    void on(ResourceReservedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        decided(event.reservationId().toString(), event.resourceId().toString(), event.customerId().toString(),
                event.quantity(), ReservationStatus.CONFIRMED, null, at, replay);
    }

    @EventHandler
    void on(ReservationRejectedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        decided(event.reservationId().toString(), event.resourceId().toString(), event.customerId().toString(),
                event.quantity(), ReservationStatus.REJECTED, event.reason(), at, replay);
    }

    @EventHandler
    void on(ReservationReleasedEvent event, @Timestamp Instant at, ReplayStatus replay) {
        String reservationId = event.reservationId().toString();
        writes.update(TABLE, """
                UPDATE reservation_status SET status = ?, reason = ?, updated_at = ?
                WHERE reservation_id = ? AND status = ?""", new Object[] {ReservationStatus.RELEASED.name(),
                event.reason(), at.atOffset(ZoneOffset.UTC), reservationId, ReservationStatus.CONFIRMED.name()},
                updated -> changed(updated, reservationId, replay));
    }

    /** The first decision of a reservation is its row; the same event handled again changes nothing. */
    private void decided(String reservationId, String resourceId, String customerId, int quantity,
                         ReservationStatus status, String reason, Instant at, ReplayStatus replay) {
        writes.update(TABLE, """
                INSERT INTO reservation_status (reservation_id, resource_id, customer_id, quantity, status, reason,
                                                updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (reservation_id) DO NOTHING""",
                new Object[] {reservationId, resourceId, customerId, quantity, status.name(), reason,
                        at.atOffset(ZoneOffset.UTC)},
                inserted -> changed(inserted, reservationId, replay));
    }

    @ResetHandler
    void reset() {
        repository.deleteAllInBatch();
    }

    @QueryHandler
    Optional<ReservationView> handle(FindReservationQuery query) {
        return repository.findById(query.reservationId().toString()).map(ReservationStatusProjection::view);
    }

    @QueryHandler
    ReservationPage handle(FindReservationsOfCustomerQuery query) {
        return new ReservationPage(repository.findByCustomerIdAndReservationIdGreaterThanOrderByReservationId(
                        query.customerId(), query.after() == null ? "" : query.after(),
                        PageRequest.of(0, query.limit()))
                .stream().map(ReservationStatusProjection::view).toList());
    }

    @QueryHandler
    List<ReservationView> handle(FindResourceHoldersQuery query) {
        return repository.findByResourceIdAndStatusOrderByReservationId(query.resourceId().toString(),
                ReservationStatus.CONFIRMED).stream().map(ReservationStatusProjection::view).toList();
    }

    /**
     * Delivered to every node's listeners only when this transaction commits (the JPA transaction manager shares its
     * connection with JDBC), so live subscribers on any node see the committed change. A replay rebuilds history that
     * clients have already seen: telling them again would show them old statuses, so it stays silent.
     */
    private void changed(int rows, String reservationId, ReplayStatus replay) {
        if (rows == 0 || replay.isReplay()) {
            return;
        }
        writes.notify(CHANGED_CHANNEL, reservationId);
    }

    private static ReservationView view(ReservationStatusEntry entry) {
        return new ReservationView(entry.reservationId(), entry.resourceId(), entry.customerId(), entry.quantity(),
                entry.status(), entry.reason(), entry.updatedAt());
    }
}
