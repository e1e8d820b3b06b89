package dev.orderly.query.resource;

import java.time.Instant;

public record ReservationView(String reservationId, String resourceId, String customerId, int quantity,
                              ReservationStatus status, String reason, Instant updatedAt) {

    /**
     * The event processor that builds these views: the projection's processing group, its key under
     * {@code axon.eventhandling.processors} in {@code application.yml}, the processor a read-your-writes request
     * waits for and the name an operator replays. Here, in the contract, so that the projection and the gateway
     * share one spelling.
     */
    public static final String PROCESSING_GROUP = "reservation-status";
}
