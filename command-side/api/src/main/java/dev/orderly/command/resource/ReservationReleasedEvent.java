package dev.orderly.command.resource;

import dev.orderly.command.order.OrderId;
import org.axonframework.serialization.Revision;

/**
 * Revision 2 added {@code orderId}: the order whose compensation released it, {@code null} when the customer did
 * through the API (and in every revision-1 event).
 */
@Revision("2")
public record ReservationReleasedEvent(ResourceId resourceId, ReservationId reservationId, int quantity,
                                       String reason, OrderId orderId) {
}
