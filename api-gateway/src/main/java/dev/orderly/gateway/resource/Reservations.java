package dev.orderly.gateway.resource;

import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReserveResourceCommand;
import dev.orderly.gateway.command.AcceptedCommand;
import dev.orderly.gateway.command.CommandOutbox;
import dev.orderly.query.resource.FindReservationQuery;
import dev.orderly.query.resource.ReservationStatus;
import dev.orderly.query.resource.ReservationView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The status of a reservation: decided (from the projection) or still pending (from the accepted command), so that a
 * client sees "awaiting confirmation" from the first moment instead of a 404.
 */
@Component
class Reservations {

    private final QueryGateway queryGateway;
    private final CommandOutbox outbox;

    Reservations(QueryGateway queryGateway, CommandOutbox outbox) {
        this.queryGateway = queryGateway;
        this.outbox = outbox;
    }

    static String reserveCommandId(ReservationId reservationId) {
        return "reserve:" + reservationId;
    }

    static String releaseCommandId(ReservationId reservationId) {
        return "release:" + reservationId;
    }

    Optional<ReservationResponse> find(ReservationId reservationId) {
        Optional<ReservationView> decided = queryGateway.query(new FindReservationQuery(reservationId),
                ResponseTypes.optionalInstanceOf(ReservationView.class)).join();
        if (decided.isPresent()) {
            ReservationView view = decided.get();
            return Optional.of(new ReservationResponse(view.reservationId(), view.resourceId(), view.customerId(),
                    view.quantity(), view.status(), view.reason()));
        }
        return outbox.find(reserveCommandId(reservationId)).map(this::fromAccepted);
    }

    ReservationResponse fromAccepted(AcceptedCommand accepted) {
        ReserveResourceCommand command = outbox.payload(accepted, ReserveResourceCommand.class);
        return new ReservationResponse(command.reservationId().toString(), command.resourceId().toString(),
                command.customerId().toString(), command.quantity(),
                accepted.failed() ? ReservationStatus.REJECTED : ReservationStatus.PENDING,
                accepted.failed() ? accepted.failureDetail() : null);
    }
}
