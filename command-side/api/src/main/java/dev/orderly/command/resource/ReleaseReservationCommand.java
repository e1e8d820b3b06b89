package dev.orderly.command.resource;

import dev.orderly.command.order.OrderId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Gives a reservation's units back. Only its maker may: the customer for a reservation made through the API
 * ({@code orderId} null), the order's own compensation for one of an order's.
 */
public record ReleaseReservationCommand(@TargetAggregateIdentifier ResourceId resourceId, ReservationId reservationId,
                                        CustomerId customerId, OrderId orderId, String reason) {
}
