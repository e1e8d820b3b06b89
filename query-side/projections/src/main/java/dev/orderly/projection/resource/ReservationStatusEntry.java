package dev.orderly.projection.resource;

import dev.orderly.query.resource.ReservationStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

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

    ReservationStatusEntry(String reservationId, String resourceId, String customerId, int quantity,
                           ReservationStatus status, String reason, Instant updatedAt) {
        this.reservationId = reservationId;
        this.resourceId = resourceId;
        this.customerId = customerId;
        this.quantity = quantity;
        this.status = status;
        this.reason = reason;
        this.updatedAt = updatedAt;
    }

    void released(String reason, Instant at) {
        this.status = ReservationStatus.RELEASED;
        this.reason = reason;
        this.updatedAt = at;
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
