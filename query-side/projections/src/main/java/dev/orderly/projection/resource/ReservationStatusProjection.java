package dev.orderly.projection.resource;

import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.query.resource.FindReservationQuery;
import dev.orderly.query.resource.FindResourceHoldersQuery;
import dev.orderly.query.resource.ReservationStatus;
import dev.orderly.query.resource.ReservationView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The decided status of each reservation. A reservation that was accepted but not decided yet has no row here; the
 * gateway answers {@code PENDING} for it from the command it accepted.
 */
@Component
@ProcessingGroup(ReservationStatusProjection.PROCESSING_GROUP)
class ReservationStatusProjection {

    static final String PROCESSING_GROUP = "reservation-status";

    /** Told the id of every reservation whose status changes; see {@code LiveChangeListener}. */
    static final String CHANGED_CHANNEL = "orderly_reservation_changed";

    private final ReservationStatusRepository repository;
    private final JdbcTemplate jdbc;

    ReservationStatusProjection(ReservationStatusRepository repository, JdbcTemplate jdbc) {
        this.repository = repository;
        this.jdbc = jdbc;
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
        int updated = jdbc.update("""
                UPDATE reservation_status SET status = ?, reason = ?, updated_at = ?
                WHERE reservation_id = ? AND status = ?""", ReservationStatus.RELEASED.name(), event.reason(),
                at.atOffset(ZoneOffset.UTC), event.reservationId().toString(), ReservationStatus.CONFIRMED.name());
        if (updated > 0) {
            changed(event.reservationId().toString(), replay);
        }
    }

    /** The first decision of a reservation is its row; the same event handled again changes nothing. */
    private void decided(String reservationId, String resourceId, String customerId, int quantity,
                         ReservationStatus status, String reason, Instant at, ReplayStatus replay) {
        int inserted = jdbc.update("""
                INSERT INTO reservation_status (reservation_id, resource_id, customer_id, quantity, status, reason,
                                                updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (reservation_id) DO NOTHING""",
                reservationId, resourceId, customerId, quantity, status.name(), reason, at.atOffset(ZoneOffset.UTC));
        if (inserted > 0) {
            changed(reservationId, replay);
        }
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
    List<ReservationView> handle(FindResourceHoldersQuery query) {
        return repository.findByResourceIdAndStatusOrderByReservationId(query.resourceId().toString(),
                ReservationStatus.CONFIRMED).stream().map(ReservationStatusProjection::view).toList();
    }

    /**
     * Delivered to every node's listeners only when this transaction commits (the JPA transaction manager shares its
     * connection with JDBC), so live subscribers on any node see the committed change. A replay rebuilds history that
     * clients have already seen: telling them again would show them old statuses, so it stays silent.
     */
    private void changed(String reservationId, ReplayStatus replay) {
        if (replay.isReplay()) {
            return;
        }
        jdbc.queryForList("SELECT pg_notify('" + CHANGED_CHANNEL + "', ?)", reservationId);
    }

    private static ReservationView view(ReservationStatusEntry entry) {
        return new ReservationView(entry.reservationId(), entry.resourceId(), entry.customerId(), entry.quantity(),
                entry.status(), entry.reason(), entry.updatedAt());
    }
}
