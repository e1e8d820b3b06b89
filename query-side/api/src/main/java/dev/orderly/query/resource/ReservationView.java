package dev.orderly.query.resource;

import java.time.Instant;

public record ReservationView(String reservationId, String resourceId, String customerId, int quantity,
                              ReservationStatus status, String reason, Instant updatedAt) {
}
