package dev.orderly.command.resource;

import java.util.Optional;

/**
 * The claim on every reservation id ever decided, kept outside the {@code Resource} aggregate so that its state is
 * bounded by what it holds rather than by its history. It is written in the transaction of the command that decides
 * the reservation, so a reader inside a later command always sees it.
 */
public interface ReservationClaims {

    Optional<ReservationClaim> find(ReservationId reservationId);
}
