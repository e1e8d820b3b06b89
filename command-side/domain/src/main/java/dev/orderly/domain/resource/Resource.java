package dev.orderly.domain.resource;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.resource.ChangeCapacityCommand;
import dev.orderly.command.resource.ChangePriceCommand;
import dev.orderly.command.resource.CustomerHoldings;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.RegisterResourceCommand;
import dev.orderly.command.resource.ReleaseReservationCommand;
import dev.orderly.command.resource.ReservationClaim;
import dev.orderly.command.resource.ReservationClaims;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ReserveResourceCommand;
import dev.orderly.command.resource.ResourceCapacityChangedEvent;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourcePriceChangedEvent;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A bookable resource with a fixed number of units and a unit price. It is the single writer of its capacity: every
 * reservation is decided here, first come first served, so two clients racing for the last unit are ordered by the
 * event store's unique (aggregate, sequence) key and exactly one of them wins.
 *
 * <p>A reservation belongs to whoever made it. The units held are kept here with their owner; every reservation id
 * ever decided is remembered in {@link ReservationClaims}, outside the aggregate, so that its state stays bounded by
 * what is held while a reused id is still recognised, as a retry of the same request or as a conflict.
 */
@Aggregate
public class Resource {

    public static final String INVALID_CAPACITY = "invalid-capacity";
    public static final String INVALID_QUANTITY = "invalid-quantity";
    public static final String INVALID_PRICE = "invalid-price";
    public static final String CAPACITY_BELOW_HELD = "capacity-below-held";
    public static final String UNKNOWN_RESERVATION = "unknown-reservation";
    public static final String RESERVATION_ID_CONFLICT = "reservation-id-conflict";

    @AggregateIdentifier
    private ResourceId resourceId;
    private int capacity;
    private int held;
    /** {@code null} for a resource registered before resources had prices: it cannot be ordered until one is set. */
    private Money unitPrice;
    private final Map<ReservationId, Holding> holdings = new HashMap<>();

    /** Units held under one reservation id, and by whom. */
    private record Holding(CustomerId customerId, int quantity, OrderId orderId) {
    }

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
        requireValidPrice(command.unitPrice());
        apply(new ResourceRegisteredEvent(command.resourceId(), command.name(), command.capacity(),
                command.unitPrice()));
    }

    @CommandHandler
    public void handle(ReserveResourceCommand command, ReservationClaims claims, CustomerHoldings customers) {
        if (command.quantity() < 1) {
            throw new CommandRefusedException(INVALID_QUANTITY, "quantity must be at least 1");
        }
        Holding holding = holdings.get(command.reservationId());
        if (holding != null) {
            if (holding.equals(new Holding(command.customerId(), command.quantity(), command.orderId()))) {
                return; // the same request again: it holds its units already
            }
            throw conflict(command.reservationId());
        }
        Optional<ReservationClaim> claim = claims.find(command.reservationId());
        if (claim.isPresent()) {
            if (claim.get().isRepeatedBy(command)) {
                return; // the same request again, decided before: its outcome stands
            }
            throw conflict(command.reservationId());
        }
        Optional<String> priceRefusal = priceRefusal(command);
        if (priceRefusal.isPresent()) {
            reject(command, priceRefusal.get());
        } else if (held + command.quantity() > capacity) {
            reject(command, ReservationRejectedEvent.INSUFFICIENT_CAPACITY);
        } else if (command.unitLimit() != null && exceedsQuota(command, customers)) {
            reject(command, ReservationRejectedEvent.QUOTA_EXCEEDED + ": customer " + command.customerId()
                    + " may hold at most " + command.unitLimit() + " units through the API at once");
        } else {
            apply(new ResourceReservedEvent(resourceId, command.reservationId(), command.customerId(),
                    command.quantity(), held + command.quantity(), capacity, command.orderId(), unitPrice));
        }
    }

    /**
     * An order pays what the catalogue said when it was placed: its reservation is granted only at that price, so a
     * price changed meanwhile rejects the order before anything is charged.
     */
    private Optional<String> priceRefusal(ReserveResourceCommand command) {
        if (command.orderId() == null) {
            return Optional.empty();
        }
        if (unitPrice == null) {
            return Optional.of(ReservationRejectedEvent.NOT_PRICED + ": resource " + resourceId + " has no price yet");
        }
        Money quoted = command.quotedUnitPrice();
        if (quoted == null || !quoted.currency().equals(unitPrice.currency())) {
            return Optional.of(ReservationRejectedEvent.CURRENCY_MISMATCH + ": resource " + resourceId
                    + " is priced in " + unitPrice.currency());
        }
        if (quoted.minorUnits() != unitPrice.minorUnits()) {
            return Optional.of(ReservationRejectedEvent.PRICE_CHANGED + ": the unit price of resource " + resourceId
                    + " is now " + unitPrice.minorUnits() + " " + unitPrice.currency());
        }
        return Optional.empty();
    }

    /**
     * A customer's quota spans every resource, so it is counted outside this aggregate; the count stays locked until
     * this decision is stored, which makes the customer's concurrent reservations elsewhere wait for it. Checked
     * last, once the units are known to be free, so that a refusal for capacity never waits on the lock.
     */
    private static boolean exceedsQuota(ReserveResourceCommand command, CustomerHoldings customers) {
        return customers.lockHeldUnits(command.customerId()) + command.quantity() > command.unitLimit();
    }

    private void reject(ReserveResourceCommand command, String reason) {
        apply(new ReservationRejectedEvent(resourceId, command.reservationId(), command.customerId(),
                command.quantity(), reason, command.orderId()));
    }

    @CommandHandler
    public void handle(ReleaseReservationCommand command, ReservationClaims claims) {
        Holding holding = holdings.get(command.reservationId());
        if (holding != null) {
            if (!mayRelease(holding, command)) {
                throw unknown(command.reservationId());
            }
            apply(new ReservationReleasedEvent(resourceId, command.reservationId(), holding.quantity(),
                    command.reason(), command.orderId()));
            return;
        }
        boolean decidedForTheSameOwner = claims.find(command.reservationId())
                .filter(claim -> claim.resourceId().equals(resourceId))
                .filter(claim -> claim.isOwnedBy(command.customerId(), command.orderId()))
                .isPresent();
        if (!decidedForTheSameOwner) {
            throw unknown(command.reservationId());
        }
        // already released or rejected: releasing again changes nothing
    }

    /**
     * An order's units are released only by that order's compensation, a customer's only by the customer. Units
     * held without an order were reserved through the API, or by an order's saga before reservations recorded their
     * order: the customer's own request releases them, whichever path it takes.
     */
    private static boolean mayRelease(Holding holding, ReleaseReservationCommand command) {
        return holding.customerId().equals(command.customerId())
                && (holding.orderId() == null || holding.orderId().equals(command.orderId()));
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

    @CommandHandler
    public void handle(ChangePriceCommand command) {
        requireValidPrice(command.unitPrice());
        if (!command.unitPrice().equals(unitPrice)) {
            apply(new ResourcePriceChangedEvent(resourceId, unitPrice, command.unitPrice()));
        }
    }

    private static void requireValidPrice(Money price) {
        if (price == null || price.minorUnits() < 1 || price.currency() == null
                || !price.currency().matches("[A-Z]{3}")) {
            throw new CommandRefusedException(INVALID_PRICE,
                    "a unit price needs at least 1 minor unit and an ISO 4217 currency code");
        }
    }

    /** Someone else's reservation is as unknown as one never made, so that ids cannot be probed. */
    private CommandRefusedException unknown(ReservationId reservationId) {
        return new CommandRefusedException(UNKNOWN_RESERVATION,
                "reservation " + reservationId + " is not known to resource " + resourceId);
    }

    private static CommandRefusedException conflict(ReservationId reservationId) {
        return new CommandRefusedException(RESERVATION_ID_CONFLICT,
                "reservation " + reservationId + " was already requested with different details");
    }

    @EventSourcingHandler
    void on(ResourceRegisteredEvent event) {
        resourceId = event.resourceId();
        capacity = event.capacity();
        unitPrice = event.unitPrice();
    }

    @EventSourcingHandler
    void on(ResourceReservedEvent event) {
        holdings.put(event.reservationId(), new Holding(event.customerId(), event.quantity(), event.orderId()));
        held += event.quantity();
    }

    @EventSourcingHandler
    void on(ReservationReleasedEvent event) {
        Holding holding = holdings.remove(event.reservationId());
        if (holding != null) {
            held -= holding.quantity();
        }
    }

    @EventSourcingHandler
    void on(ResourceCapacityChangedEvent event) {
        capacity = event.capacity();
    }

    @EventSourcingHandler
    void on(ResourcePriceChangedEvent event) {
        unitPrice = event.unitPrice();
    }
}
