package dev.orderly.command.resource;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ReservationReleasedEvent(ResourceId resourceId, ReservationId reservationId, int quantity,
                                       String reason) {
}
