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
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
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
    void on(ResourceReservedEvent event, @Timestamp Instant at) {
        if (!repository.existsById(event.reservationId().toString())) {
            repository.save(new ReservationStatusEntry(event.reservationId().toString(),
                    event.resourceId().toString(), event.customerId().toString(), event.quantity(),
                    ReservationStatus.CONFIRMED, null, at));
            changed(event.reservationId().toString());
        }
    }

    @EventHandler
    void on(ReservationRejectedEvent event, @Timestamp Instant at) {
        if (!repository.existsById(event.reservationId().toString())) {
            repository.save(new ReservationStatusEntry(event.reservationId().toString(),
                    event.resourceId().toString(), event.customerId().toString(), event.quantity(),
                    ReservationStatus.REJECTED, event.reason(), at));
            changed(event.reservationId().toString());
        }
    }

    @EventHandler
    void on(ReservationReleasedEvent event, @Timestamp Instant at) {
        repository.findById(event.reservationId().toString())
                .filter(entry -> entry.status() == ReservationStatus.CONFIRMED)
                .ifPresent(entry -> {
                    entry.released(event.reason(), at);
                    changed(entry.reservationId());
                });
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
     * connection with JDBC), so live subscribers on any node see the committed change.
     */
    private void changed(String reservationId) {
        jdbc.queryForList("SELECT pg_notify('" + CHANGED_CHANNEL + "', ?)", reservationId);
    }

    private static ReservationView view(ReservationStatusEntry entry) {
        return new ReservationView(entry.reservationId(), entry.resourceId(), entry.customerId(), entry.quantity(),
                entry.status(), entry.reason(), entry.updatedAt());
    }
}
