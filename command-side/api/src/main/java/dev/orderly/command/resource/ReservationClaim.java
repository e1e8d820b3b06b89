package dev.orderly.command.resource;

import dev.orderly.command.order.OrderId;

import java.util.Objects;

/**
 * Who made a reservation, recorded once for its id whatever became of it: a reservation id belongs to its first
 * request for good, so that no one else, and no other request of the same customer, can claim, repeat or release it.
 *
 * @param orderId the order whose fulfilment made it, {@code null} when a customer made it through the API
 */
public record ReservationClaim(ReservationId reservationId, ResourceId resourceId, CustomerId customerId,
                               int quantity, OrderId orderId) {

    /** True when {@code command} is this very request again (a retry), false when it reuses the id for another. */
    public boolean isRepeatedBy(ReserveResourceCommand command) {
        return resourceId.equals(command.resourceId()) && customerId.equals(command.customerId())
                && quantity == command.quantity() && Objects.equals(orderId, command.orderId());
    }

    /** True when the maker of this reservation is the one asking to release it. */
    public boolean isOwnedBy(CustomerId customer, OrderId order) {
        return customerId.equals(customer) && Objects.equals(orderId, order);
    }
}
