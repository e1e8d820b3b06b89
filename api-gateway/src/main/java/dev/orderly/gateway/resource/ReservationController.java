package dev.orderly.gateway.resource;

import dev.orderly.gateway.ReadYourWrites;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/** Reservations over HTTP; see {@link Reservations}. */
@RestController
@RequestMapping("/api/reservations")
class ReservationController {

    private final Reservations reservations;
    private final ReadYourWrites readYourWrites;

    ReservationController(Reservations reservations, ReadYourWrites readYourWrites) {
        this.reservations = reservations;
        this.readYourWrites = readYourWrites;
    }

    @GetMapping("/{reservationId}")
    ReservationResponse get(@PathVariable UUID reservationId,
                            @RequestHeader(value = ReadYourWrites.CONSISTENT_WITH, required = false) Long consistentWith,
                            HttpServletResponse response) {
        readYourWrites.await(Reservations.PROJECTION, consistentWith, response);
        return reservations.get(reservationId);
    }

    /** Answers {@code 202}; {@code 409} while the reservation is still undecided. */
    @PostMapping("/{reservationId}/release")
    ResponseEntity<ReservationResponse> release(@PathVariable UUID reservationId,
                                                @Valid @RequestBody(required = false) ResourceRequests.Release request,
                                                HttpServletResponse response) {
        ReservationResponse current = readYourWrites.answer(
                reservations.release(reservationId, request == null ? null : request.reason()), response);
        return ResponseEntity.accepted().location(URI.create("/api/reservations/" + reservationId)).body(current);
    }
}
