package dev.orderly.command.resource;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ReserveResourceCommand(@TargetAggregateIdentifier ResourceId resourceId, ReservationId reservationId,
                                     CustomerId customerId, int quantity) {
}
