package dev.orderly.gateway.resource;

import dev.orderly.gateway.PreferWait;
import dev.orderly.gateway.ReadYourWrites;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Reservations over HTTP; see {@link Reservations}. */
@RestController
@RequestMapping("/api/reservations")
@Tag(name = "Reservations", description = "Reservations made through the API: their decision, and releasing them.")
class ReservationController {

    private final Reservations reservations;
    private final ReadYourWrites readYourWrites;

    ReservationController(Reservations reservations, ReadYourWrites readYourWrites) {
        this.reservations = reservations;
        this.readYourWrites = readYourWrites;
    }

    /**
     * With {@code Prefer: wait=N} a reservation still {@code PENDING} is answered once it is decided, or after N
     * seconds (at most {@code orderly.consistency.max-decision-wait}) as it then stands: a long poll, for clients
     * that cannot hold a live-status stream open. It counts as one of the caller's streams while it waits
     * ({@code 429} past {@code orderly.live.max-streams-per-caller}). Someone else's reservation is 404 at once,
     * before any wait; neither wait holds a thread.
     */
    @GetMapping("/{reservationId}")
    @Operation(operationId = "getReservation", summary = "A reservation: PENDING, CONFIRMED, REJECTED or RELEASED")
    CompletableFuture<ReservationResponse> get(@PathVariable UUID reservationId,
                                               @RequestHeader(value = ReadYourWrites.CONSISTENT_WITH,
                                                       required = false) Long consistentWith,
                                               @RequestHeader(value = PreferWait.PREFER, required = false)
                                               String prefer,
                                               HttpServletResponse response) {
        Optional<Duration> wait = PreferWait.parse(prefer, readYourWrites.maxDecisionWait());
        return readYourWrites.readAsync(Reservations.PROJECTION, consistentWith, response,
                () -> reservations.get(reservationId), () -> {
                    ReservationResponse current = reservations.get(reservationId);
                    if (wait.isEmpty()) {
                        return CompletableFuture.completedFuture(current);
                    }
                    response.setHeader(PreferWait.PREFERENCE_APPLIED, PreferWait.applied(wait.get()));
                    return reservations.awaitDecided(current, wait.get());
                });
    }

    /** Answers {@code 202}; {@code 409} while the reservation is still undecided. */
    @PostMapping("/{reservationId}/release")
    @Operation(operationId = "releaseReservation", summary = "Give a reservation's units back")
    @ApiResponse(responseCode = "202", description = "Accepted: the reservation shows `RELEASED` once done; one "
            + "already rejected or released is answered as it is.", headers = {
            @Header(name = HttpHeaders.LOCATION, ref = HttpHeaders.LOCATION),
            @Header(name = ReadYourWrites.TOKEN, ref = ReadYourWrites.TOKEN)})
    @ApiResponse(responseCode = "409", description = "`reservation-pending`: not decided yet; release it once "
            + "confirmed.")
    ResponseEntity<ReservationResponse> release(@PathVariable UUID reservationId,
                                                @Valid @RequestBody(required = false) ResourceRequests.Release request,
                                                HttpServletResponse response) {
        ReservationResponse current = readYourWrites.answer(
                reservations.release(reservationId, request == null ? null : request.reason()), response);
        return ResponseEntity.accepted().location(URI.create("/api/reservations/" + reservationId)).body(current);
    }
}
