package dev.orderly.projection.resource;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "resource_availability")
class ResourceAvailability {

    @Id
    @Column(name = "resource_id")
    private String resourceId;
    private String name;
    private int capacity;
    private int held;
    /** The aggregate sequence number of the last event applied; makes every handler safe to run twice. */
    @Column(name = "last_sequence")
    private long lastSequence;
    @Column(name = "updated_at")
    private Instant updatedAt;

    protected ResourceAvailability() {
    }

    ResourceAvailability(String resourceId, String name, int capacity, long sequence, Instant at) {
        this.resourceId = resourceId;
        this.name = name;
        this.capacity = capacity;
        this.lastSequence = sequence;
        this.updatedAt = at;
    }

    boolean alreadyApplied(long sequence) {
        return sequence <= lastSequence;
    }

    void hold(int quantity, long sequence, Instant at) {
        held += quantity;
        applied(sequence, at);
    }

    void release(int quantity, long sequence, Instant at) {
        held -= quantity;
        applied(sequence, at);
    }

    void changeCapacity(int capacity, long sequence, Instant at) {
        this.capacity = capacity;
        applied(sequence, at);
    }

    private void applied(long sequence, Instant at) {
        lastSequence = sequence;
        updatedAt = at;
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
}
