package dev.orderly.gateway.resource;

import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReleaseReservationCommand;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.gateway.LiveStatus;
import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.gateway.Written;
import dev.orderly.gateway.command.AcceptedCommand;
import dev.orderly.gateway.command.CommandOutbox;
import dev.orderly.gateway.command.PendingViews;
import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.gateway.security.Caller;
import dev.orderly.gateway.security.Callers;
import dev.orderly.query.resource.FindReservationQuery;
import dev.orderly.query.resource.FindReservationsOfCustomerQuery;
import dev.orderly.query.resource.ReservationPage;
import dev.orderly.query.resource.ReservationStatus;
import dev.orderly.query.resource.ReservationView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Reservations, whichever API is used. Their status is decided (from the projection) or still pending (from the
 * accepted command), so that a client sees "awaiting confirmation" from the first moment instead of a 404. Someone
 * else's reservation is as absent as one never made, so that ids cannot be probed.
 */
@Service
public class Reservations {

    /** The projection that answers reservation queries, for read-your-writes. */
    public static final String PROJECTION = ReservationView.PROCESSING_GROUP;
    /**
     * The statuses after which a reservation changes no more; a live stream ends at them. {@code CONFIRMED} is not one:
     * a confirmed reservation can still be released.
     */
    public static final Set<String> TERMINAL = Set.of(ReservationStatus.REJECTED.name(),
            ReservationStatus.RELEASED.name());

    private final QueryGateway queryGateway;
    private final CommandOutbox outbox;
    private final Callers callers;
    private final ReadYourWrites readYourWrites;
    private final LiveStatus live;
    private final PendingViews pending;

    Reservations(QueryGateway queryGateway, CommandOutbox outbox, Callers callers, ReadYourWrites readYourWrites,
                 LiveStatus live, PendingViews pending) {
        this.queryGateway = queryGateway;
        this.outbox = outbox;
        this.pending = pending;
        this.callers = callers;
        this.readYourWrites = readYourWrites;
        this.live = live;
    }

    static String reserveCommandId(ReservationId reservationId) {
        return "reserve:" + reservationId;
    }

    static String releaseCommandId(ReservationId reservationId) {
        return "release:" + reservationId;
    }

    /** The reservation if it exists and the caller may see it, or {@code 404}. */
    public ReservationResponse get(UUID reservationId) {
        return findOwn(new ReservationId(reservationId))
                .orElseThrow(() -> ApiProblem.notFound("reservation " + reservationId));
    }

    /**
     * A page of the caller's own decided reservations in id order, whoever they are (an operator's own too, not
     * everyone's). One accepted and not yet decided is not among them: it is followed by its id until decided.
     */
    public List<ReservationResponse> ofCaller(String after, int limit) {
        return queryGateway.query(new FindReservationsOfCustomerQuery(callers.current().name(), after, limit),
                        ResponseTypes.instanceOf(ReservationPage.class)).join().items().stream()
                .map(Reservations::response).toList();
    }

    /**
     * The reservation once it is decided ({@code CONFIRMED} or {@code REJECTED}), or as it stands after {@code wait}.
     * It waits on the reservation's live changes, which reach every node, so it costs no polling and holds no thread;
     * while it waits it counts as one of the caller's live streams. {@code current} is the reservation as the caller
     * was allowed to read it ({@link #get}), so this checks no ownership itself.
     */
    public CompletableFuture<ReservationResponse> awaitDecided(ReservationResponse current, Duration wait) {
        if (current.status() != ReservationStatus.PENDING || wait.isZero()) {
            return CompletableFuture.completedFuture(current);
        }
        ReservationId id = ReservationId.of(current.reservationId());
        // a command refused before it wrote anything changes no projection: its status is in the outbox
        Mono<ReservationResponse> asItStands = Mono.fromCallable(() -> find(id).orElse(current))
                .subscribeOn(Schedulers.boundedElastic());
        return changes(id)
                .filter(reservation -> reservation.status() != ReservationStatus.PENDING)
                .next()
                .timeout(wait, asItStands)
                .switchIfEmpty(asItStands)
                .toFuture();
    }

    /**
     * Gives the units back; the reservation shows {@code RELEASED} once it is done. Only reservations made through the
     * API can be released; an order's reservations belong to its saga.
     */
    public Written<ReservationResponse> release(UUID reservationId, String reason) {
        ReservationId id = new ReservationId(reservationId);
        // Only a reservation this API accepted, and did not refuse, is the customer's to release: an order's is its
        // saga's, and the Resource refuses it too, whatever this check says.
        ReservationResponse current = findOwn(id)
                .filter(found -> outbox.find(reserveCommandId(id)).filter(accepted -> !accepted.failed()).isPresent())
                .orElseThrow(() -> ApiProblem.notFound("reservation " + reservationId));
        if (current.status() == ReservationStatus.PENDING) {
            throw new ApiProblem(HttpStatus.CONFLICT, "reservation-pending",
                    "reservation " + reservationId + " is still awaiting its decision; release it once confirmed");
        }
        if (current.status() != ReservationStatus.CONFIRMED) {
            return new Written<>(current, null);
        }
        outbox.accept(releaseCommandId(id), new ReleaseReservationCommand(ResourceId.of(current.resourceId()), id,
                new CustomerId(current.customerId()), null, reason == null ? "released by customer" : reason),
                current.resourceId());
        return Written.of(current, readYourWrites.acceptedToken(releaseCommandId(id)));
    }

    /** The reservation's status changes, from its current status until it is rejected or released. */
    public Flux<ReservationResponse> statusChanges(UUID reservationId) {
        get(reservationId);
        return changes(new ReservationId(reservationId));
    }

    private Flux<ReservationResponse> changes(ReservationId id) {
        return live.changes(new FindReservationQuery(id), ReservationView.class, Reservations::response,
                () -> outbox.find(reserveCommandId(id)).map(this::fromAccepted),
                reservation -> reservation.status().name(), TERMINAL);
    }

    Optional<ReservationResponse> find(ReservationId reservationId) {
        Optional<ReservationView> decided = queryGateway.query(new FindReservationQuery(reservationId),
                ResponseTypes.optionalInstanceOf(ReservationView.class)).join();
        if (decided.isPresent()) {
            return decided.map(Reservations::response);
        }
        return outbox.find(reserveCommandId(reservationId)).map(this::fromAccepted);
    }

    ReservationResponse fromAccepted(AcceptedCommand accepted) {
        return response(pending.reservation(accepted));
    }

    private Optional<ReservationResponse> findOwn(ReservationId id) {
        Caller caller = callers.current();
        return find(id).filter(reservation -> caller.owns(reservation.customerId()));
    }

    private static ReservationResponse response(ReservationView view) {
        return new ReservationResponse(view.reservationId(), view.resourceId(), view.customerId(), view.quantity(),
                view.status(), view.reason());
    }
}
