package dev.orderly.gateway.resource;

import dev.orderly.query.resource.ReservationStatus;

/**
 * A reservation as the API reports it: {@code PENDING} from the moment it is accepted until the resource's decision
 * has been projected.
 */
public record ReservationResponse(String reservationId, String resourceId, String customerId, int quantity,
                           ReservationStatus status, String reason) {
}
