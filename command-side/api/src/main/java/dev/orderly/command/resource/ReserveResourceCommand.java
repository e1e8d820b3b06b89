package dev.orderly.command.resource;

import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks for units of a resource under a reservation id that belongs to its maker from then on.
 *
 * @param orderId         the order whose fulfilment asks, or {@code null} for a customer's reservation through the
 *                        API; with the customer, the quantity and the resource it is the reservation's owner, and a
 *                        request that repeats the id with any of them different is refused
 * @param quotedUnitPrice the unit price the order was placed at; an order's reservation is granted only at that
 *                        price. {@code null} for a reservation made through the API, which pays nothing
 */
public record ReserveResourceCommand(@TargetAggregateIdentifier ResourceId resourceId, ReservationId reservationId,
                                     CustomerId customerId, int quantity, OrderId orderId, Money quotedUnitPrice,
                                     Integer unitLimit) {

    /** A customer's reservation through the API, under the customer's quota ({@code null}: none). */
    public static ReserveResourceCommand forCustomer(ResourceId resourceId, ReservationId reservationId,
                                                     CustomerId customerId, int quantity, Integer unitLimit) {
        return new ReserveResourceCommand(resourceId, reservationId, customerId, quantity, null, null, unitLimit);
    }

    /** An order's reservation, granted only at the price the order was placed at. */
    public static ReserveResourceCommand forOrder(ResourceId resourceId, ReservationId reservationId,
                                                  CustomerId customerId, int quantity, OrderId orderId,
                                                  Money quotedUnitPrice) {
        return new ReserveResourceCommand(resourceId, reservationId, customerId, quantity, orderId, quotedUnitPrice,
                null);
    }
}
