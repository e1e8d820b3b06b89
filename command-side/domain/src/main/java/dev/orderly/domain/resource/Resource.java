package dev.orderly.domain.resource;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.resource.ChangeCapacityCommand;
import dev.orderly.command.resource.RegisterResourceCommand;
import dev.orderly.command.resource.ReleaseReservationCommand;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ReserveResourceCommand;
import dev.orderly.command.resource.ResourceCapacityChangedEvent;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A bookable resource with a fixed number of units. It is the single writer of its capacity: every reservation is
 * decided here, first come first served, so two clients racing for the last unit are ordered by the event store's
 * unique (aggregate, sequence) key and exactly one of them wins.
 */
@Aggregate
public class Resource {

    public static final String INVALID_CAPACITY = "invalid-capacity";
    public static final String INVALID_QUANTITY = "invalid-quantity";
    public static final String CAPACITY_BELOW_HELD = "capacity-below-held";
    public static final String UNKNOWN_RESERVATION = "unknown-reservation";

    @AggregateIdentifier
    private ResourceId resourceId;
    private int capacity;
    private int held;
    private final Map<ReservationId, Integer> holdings = new HashMap<>();
    /** Every reservation id ever decided here, so a retried request is recognised instead of booked twice. */
    private final Set<ReservationId> decided = new HashSet<>();

    protected Resource() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    public Resource(RegisterResourceCommand command) {
        if (command.capacity() < 1) {
            throw new CommandRefusedException(INVALID_CAPACITY, "capacity must be at least 1");
        }
        if (command.name() == null || command.name().isBlank()) {
            throw new CommandRefusedException("invalid-name", "name must not be blank");
        }
        apply(new ResourceRegisteredEvent(command.resourceId(), command.name(), command.capacity()));
    }

    @CommandHandler
    public void handle(ReserveResourceCommand command) {
        if (decided.contains(command.reservationId())) {
            return;
        }
        if (command.quantity() < 1) {
            throw new CommandRefusedException(INVALID_QUANTITY, "quantity must be at least 1");
        }
        if (held + command.quantity() > capacity) {
            apply(new ReservationRejectedEvent(resourceId, command.reservationId(), command.customerId(),
                    command.quantity(), ReservationRejectedEvent.INSUFFICIENT_CAPACITY));
        } else {
            apply(new ResourceReservedEvent(resourceId, command.reservationId(), command.customerId(),
                    command.quantity(), held + command.quantity(), capacity));
        }
    }

    @CommandHandler
    public void handle(ReleaseReservationCommand command) {
        Integer quantity = holdings.get(command.reservationId());
        if (quantity != null) {
            apply(new ReservationReleasedEvent(resourceId, command.reservationId(), quantity, command.reason()));
        } else if (!decided.contains(command.reservationId())) {
            throw new CommandRefusedException(UNKNOWN_RESERVATION,
                    "reservation " + command.reservationId() + " is not known to resource " + resourceId);
        }
        // already released or rejected: releasing again changes nothing
    }

    @CommandHandler
    public void handle(ChangeCapacityCommand command) {
        if (command.capacity() < 1) {
            throw new CommandRefusedException(INVALID_CAPACITY, "capacity must be at least 1");
        }
        if (command.capacity() < held) {
            throw new CommandRefusedException(CAPACITY_BELOW_HELD,
                    "capacity " + command.capacity() + " is below the " + held + " units currently held");
        }
        if (command.capacity() != capacity) {
            apply(new ResourceCapacityChangedEvent(resourceId, capacity, command.capacity()));
        }
    }

    @EventSourcingHandler
    void on(ResourceRegisteredEvent event) {
        resourceId = event.resourceId();
        capacity = event.capacity();
    }

    @EventSourcingHandler
    void on(ResourceReservedEvent event) {
        decided.add(event.reservationId());
        holdings.put(event.reservationId(), event.quantity());
        held += event.quantity();
    }

    @EventSourcingHandler
    void on(ReservationRejectedEvent event) {
        decided.add(event.reservationId());
    }

    @EventSourcingHandler
    void on(ReservationReleasedEvent event) {
        Integer quantity = holdings.remove(event.reservationId());
        if (quantity != null) {
            held -= quantity;
        }
    }

    @EventSourcingHandler
    void on(ResourceCapacityChangedEvent event) {
        capacity = event.capacity();
    }
}
