package dev.orderly.projection.resource;

import dev.orderly.query.resource.ReservationStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code reservation_status}, read by queries; {@link ReservationStatusProjection} writes it in SQL. */
@Entity
@Table(name = "reservation_status")
class ReservationStatusEntry {

    @Id
    @Column(name = "reservation_id")
    private String reservationId;
    @Column(name = "resource_id")
    private String resourceId;
    @Column(name = "customer_id")
    private String customerId;
    private int quantity;
    @Enumerated(EnumType.STRING)
    private ReservationStatus status;
    private String reason;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected ReservationStatusEntry() {
    }

    String reservationId() {
        return reservationId;
    }

    String resourceId() {
        return resourceId;
    }

    String customerId() {
        return customerId;
    }

    int quantity() {
        return quantity;
    }

    ReservationStatus status() {
        return status;
    }

    String reason() {
        return reason;
    }

    Instant updatedAt() {
        return updatedAt;
    }
}
