package dev.orderly.command.resource;

import dev.orderly.command.order.OrderId;
import org.axonframework.serialization.Revision;

/**
 * A business refusal, told asynchronously to the client that asked; nothing is held. Revision 2 added the owner's
 * {@code orderId} ({@code null}: asked through the API).
 */
@Revision("2")
public record ReservationRejectedEvent(ResourceId resourceId, ReservationId reservationId, CustomerId customerId,
                                       int quantity, String reason, OrderId orderId) {
    public static final String INSUFFICIENT_CAPACITY = "insufficient capacity";
    public static final String NOT_PRICED = "resource-not-priced";
    public static final String CURRENCY_MISMATCH = "currency-mismatch";
    public static final String PRICE_CHANGED = "price-changed";
    /** The customer would hold more units through the API than {@code orderly.reservations.max-units-per-customer}. */
    public static final String QUOTA_EXCEEDED = "quota-exceeded";
}
