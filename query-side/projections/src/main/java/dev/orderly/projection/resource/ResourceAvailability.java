package dev.orderly.projection.resource;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of {@code resource_availability}, read by queries; {@link ResourceAvailabilityProjection} writes it in SQL. */
@Entity
@Table(name = "resource_availability")
class ResourceAvailability {

    @Id
    @Column(name = "resource_id")
    private String resourceId;
    private String name;
    private int capacity;
    private int held;
    @Column(name = "unit_price")
    private Long unitPrice;
    private String currency;
    /** The aggregate sequence number of the last event applied; makes every handler safe to run twice. */
    @Column(name = "last_sequence")
    private long lastSequence;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected ResourceAvailability() {
    }

    String resourceId() {
        return resourceId;
    }

    String name() {
        return name;
    }

    int capacity() {
        return capacity;
    }

    int held() {
        return held;
    }

    Long unitPrice() {
        return unitPrice;
    }

    String currency() {
        return currency;
    }
}
