package dev.orderly.command.resource;

import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import org.axonframework.serialization.Revision;

/**
 * A reservation now holds {@code quantity} units; {@code heldAfter} is the resource's total held after it.
 * Revision 2 added the owner's {@code orderId} ({@code null}: made through the API) and the {@code unitPrice} the
 * units were granted at ({@code null} for a resource without a price); revision-1 events are read with neither.
 */
@Revision("2")
public record ResourceReservedEvent(ResourceId resourceId, ReservationId reservationId, CustomerId customerId,
                                    int quantity, int heldAfter, int capacity, OrderId orderId, Money unitPrice) {
}
