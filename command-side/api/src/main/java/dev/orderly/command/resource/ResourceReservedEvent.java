package dev.orderly.command.resource;

import org.axonframework.serialization.Revision;

/** A reservation now holds {@code quantity} units; {@code heldAfter} is the resource's total held after it. */
@Revision("1")
public record ResourceReservedEvent(ResourceId resourceId, ReservationId reservationId, CustomerId customerId,
                                    int quantity, int heldAfter, int capacity) {
}
