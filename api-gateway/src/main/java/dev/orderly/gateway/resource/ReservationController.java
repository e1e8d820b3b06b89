package dev.orderly.gateway.resource;

import dev.orderly.command.resource.ReleaseReservationCommand;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.gateway.command.CommandOutbox;
import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.gateway.security.Caller;
import dev.orderly.gateway.security.Callers;
import dev.orderly.query.resource.ReservationStatus;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

@RestController
@RequestMapping("/api/reservations")
class ReservationController {

    private final Reservations reservations;
    private final CommandOutbox outbox;
    private final Callers callers;
    private final ReadYourWrites readYourWrites;

    ReservationController(Reservations reservations, CommandOutbox outbox, Callers callers,
                          ReadYourWrites readYourWrites) {
        this.reservations = reservations;
        this.outbox = outbox;
        this.callers = callers;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping("/{reservationId}")
    ReservationResponse get(@PathVariable UUID reservationId,
                            @RequestHeader(value = ReadYourWrites.CONSISTENT_WITH, required = false) Long consistentWith,
                            HttpServletResponse response) {
        readYourWrites.await("reservation-status", consistentWith, response);
        return findOwn(new ReservationId(reservationId))
                .orElseThrow(() -> ApiProblem.notFound("reservation " + reservationId));
    }

    /**
     * Gives the units back. Answers {@code 202}; the reservation shows {@code RELEASED} once it is done. Only
     * reservations made through this API can be released here; an order's reservations belong to its saga.
     */
    @PostMapping("/{reservationId}/release")
    ResponseEntity<ReservationResponse> release(@PathVariable UUID reservationId,
                                                @Valid @RequestBody(required = false) ResourceRequests.Release request,
                                                HttpServletResponse response) {
        ReservationId id = new ReservationId(reservationId);
        ReservationResponse current = findOwn(id)
                .filter(found -> outbox.find(Reservations.reserveCommandId(id)).isPresent())
                .orElseThrow(() -> ApiProblem.notFound("reservation " + reservationId));
        if (current.status() == ReservationStatus.PENDING) {
            throw new ApiProblem(HttpStatus.CONFLICT, "reservation-pending",
                    "reservation " + reservationId + " is still awaiting its decision; release it once confirmed");
        }
        if (current.status() == ReservationStatus.CONFIRMED) {
            String reason = request == null || request.reason() == null ? "released by customer" : request.reason();
            outbox.accept(Reservations.releaseCommandId(id),
                    new ReleaseReservationCommand(ResourceId.of(current.resourceId()), id, reason),
                    current.resourceId());
            readYourWrites.tokenForAccepted(Reservations.releaseCommandId(id), response);
        }
        return ResponseEntity.accepted().location(URI.create("/api/reservations/" + reservationId)).body(current);
    }

    /** Someone else's reservation is as absent as one never made, so that ids cannot be probed. */
    private Optional<ReservationResponse> findOwn(ReservationId id) {
        Caller caller = callers.current();
        return reservations.find(id).filter(reservation -> caller.owns(reservation.customerId()));
    }
}
