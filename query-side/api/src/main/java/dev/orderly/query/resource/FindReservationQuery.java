package dev.orderly.query.resource;

import dev.orderly.command.resource.ReservationId;

public record FindReservationQuery(ReservationId reservationId) {
}
