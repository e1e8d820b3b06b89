package dev.orderly.command.resource;

import org.axonframework.serialization.Revision;

/** A business refusal, told asynchronously to the client that asked; nothing is held. */
@Revision("1")
public record ReservationRejectedEvent(ResourceId resourceId, ReservationId reservationId, CustomerId customerId,
                                       int quantity, String reason) {
    public static final String INSUFFICIENT_CAPACITY = "insufficient capacity";
}
