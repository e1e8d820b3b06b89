package dev.orderly.command.resource;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ReleaseReservationCommand(@TargetAggregateIdentifier ResourceId resourceId, ReservationId reservationId,
                                        String reason) {
}
