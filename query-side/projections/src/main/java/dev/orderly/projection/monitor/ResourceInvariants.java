package dev.orderly.projection.monitor;

import dev.orderly.command.order.OrderId;
import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceCapacityChangedEvent;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Resources are never overbooked, and no unit is ever held by two parties (I11): per resource, the units held by
 * live reservations never exceed its capacity; a reservation id is decided once, for one owner (customer, quantity,
 * resource and order), and is never granted while it is held; only a held reservation can be released, and only by
 * its holder: a customer's through the API, an order's by that order's compensation or after the order ended.
 */
@Component
class ResourceInvariants implements InvariantCheck {

    static final String OVERBOOKING = "no-overbooking";
    static final String DUPLICATE_RESERVATION = "reservation-decided-once";
    static final String ONE_OWNER = "reservation-owned-by-one-party";
    static final String HELD_ONCE = "no-unit-held-twice";
    static final String UNKNOWN_RELEASE = "release-only-held-reservations";
    static final String RELEASED_BY_HOLDER = "released-only-by-the-holder";

    private final JdbcTemplate jdbc;
    private final OrderPhases orders;

    ResourceInvariants(JdbcTemplate jdbc, OrderPhases orders) {
        this.jdbc = jdbc;
        this.orders = orders;
    }

    @Override
    public void check(EventMessage<?> event, long globalIndex, Violations violations) {
        Object payload = event.getPayload();
        if (payload instanceof ResourceRegisteredEvent registered) {
            jdbc.update("""
                    INSERT INTO monitor_resource (resource_id, capacity, held) VALUES (?, ?, 0)
                    ON CONFLICT (resource_id) DO UPDATE SET capacity = excluded.capacity""",
                    registered.resourceId().toString(), registered.capacity());
        } else if (payload instanceof ResourceReservedEvent reserved) {
            String resourceId = reserved.resourceId().toString();
            Decision decision = new Decision(reserved.reservationId().toString(), resourceId,
                    reserved.customerId().toString(), reserved.quantity(), idOf(reserved.orderId()), "HELD");
            Optional<Decision> earlier = decide(decision);
            if (earlier.isPresent()) {
                decidedAgain(decision, earlier.get(), event, globalIndex, violations);
                if (earlier.get().state().equals("HELD")) {
                    violations.record(HELD_ONCE, resourceId, event, globalIndex, "reservation "
                            + decision.reservationId() + " granted while it is held " + earlier.get().owner());
                }
                return;
            }
            int[] state = addHeld(resourceId, reserved.quantity());
            if (state[1] > state[0]) {
                violations.record(OVERBOOKING, resourceId, event, globalIndex,
                        "held " + state[1] + " exceeds capacity " + state[0]);
            }
        } else if (payload instanceof ReservationRejectedEvent rejected) {
            Decision decision = new Decision(rejected.reservationId().toString(), rejected.resourceId().toString(),
                    rejected.customerId().toString(), rejected.quantity(), idOf(rejected.orderId()), "REJECTED");
            decide(decision).ifPresent(earlier -> decidedAgain(decision, earlier, event, globalIndex, violations));
        } else if (payload instanceof ReservationReleasedEvent released) {
            release(released, event, globalIndex, violations);
        } else if (payload instanceof ResourceCapacityChangedEvent changed) {
            String resourceId = changed.resourceId().toString();
            List<int[]> state = jdbc.query("""
                    UPDATE monitor_resource SET capacity = ? WHERE resource_id = ? RETURNING capacity, held""",
                    (rs, row) -> new int[]{rs.getInt(1), rs.getInt(2)}, changed.capacity(), resourceId);
            if (!state.isEmpty() && state.get(0)[1] > state.get(0)[0]) {
                violations.record(OVERBOOKING, resourceId, event, globalIndex,
                        "capacity lowered to " + state.get(0)[0] + " below the " + state.get(0)[1] + " held");
            }
        }
    }

    private void release(ReservationReleasedEvent released, EventMessage<?> event, long globalIndex,
                         Violations violations) {
        String resourceId = released.resourceId().toString();
        List<Holder> held = jdbc.query("""
                UPDATE monitor_reservation SET state = 'RELEASED'
                WHERE reservation_id = ? AND resource_id = ? AND state = 'HELD'
                RETURNING quantity, order_id""", (rs, row) -> new Holder(rs.getInt(1), rs.getString(2)),
                released.reservationId().toString(), resourceId);
        if (held.isEmpty()) {
            violations.record(UNKNOWN_RELEASE, resourceId, event, globalIndex,
                    "reservation " + released.reservationId() + " was not held when it was released");
            return;
        }
        Holder holder = held.get(0);
        addHeld(resourceId, -holder.quantity());
        String releasedBy = idOf(released.orderId());
        if (!Objects.equals(holder.orderId(), releasedBy)) {
            violations.record(RELEASED_BY_HOLDER, resourceId, event, globalIndex, "reservation "
                    + released.reservationId() + " held " + (holder.orderId() == null ? "by a customer through the API"
                    : "for order " + holder.orderId()) + " was released "
                    + (releasedBy == null ? "by a customer through the API" : "by order " + releasedBy));
        } else if (holder.orderId() != null) {
            orders.holdingPhase(holder.orderId()).ifPresent(phase -> violations.record(RELEASED_BY_HOLDER,
                    resourceId, event, globalIndex, "reservation " + released.reservationId() + " of order "
                            + holder.orderId() + " was released while the order is " + phase
                            + " and no cancellation of it was requested"));
        }
    }

    private void decidedAgain(Decision decision, Decision earlier, EventMessage<?> event, long globalIndex,
                              Violations violations) {
        violations.record(DUPLICATE_RESERVATION, decision.resourceId(), event, globalIndex,
                "reservation " + decision.reservationId() + " was already decided before");
        if (!decision.sameOwnerAs(earlier)) {
            violations.record(ONE_OWNER, decision.resourceId(), event, globalIndex, "reservation "
                    + decision.reservationId() + " decided " + decision.owner() + ", first decided "
                    + earlier.owner());
        }
    }

    @Override
    public void reset() {
        jdbc.update("DELETE FROM monitor_reservation");
        jdbc.update("DELETE FROM monitor_resource");
    }

    /** Records the first decision about a reservation id; when it had been decided already, returns that decision. */
    private Optional<Decision> decide(Decision decision) {
        int inserted = jdbc.update("""
                INSERT INTO monitor_reservation (reservation_id, resource_id, customer_id, quantity, order_id, state)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (reservation_id) DO NOTHING""", decision.reservationId(), decision.resourceId(),
                decision.customerId(), decision.quantity(), decision.orderId(), decision.state());
        if (inserted == 1) {
            return Optional.empty();
        }
        return Optional.of(jdbc.queryForObject("""
                SELECT resource_id, customer_id, quantity, order_id, state FROM monitor_reservation
                WHERE reservation_id = ?""", (rs, row) -> new Decision(decision.reservationId(), rs.getString(1),
                rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5)), decision.reservationId()));
    }

    /** Adds to the units held and returns {capacity, held} after it; a resource never registered has capacity 0. */
    private int[] addHeld(String resourceId, int delta) {
        jdbc.update("""
                INSERT INTO monitor_resource (resource_id, capacity, held) VALUES (?, 0, 0)
                ON CONFLICT (resource_id) DO NOTHING""", resourceId);
        return jdbc.queryForObject("""
                UPDATE monitor_resource SET held = held + ? WHERE resource_id = ? RETURNING capacity, held""",
                (rs, row) -> new int[]{rs.getInt(1), rs.getInt(2)}, delta, resourceId);
    }

    private static String idOf(OrderId orderId) {
        return orderId == null ? null : orderId.toString();
    }

    /** A decision about a reservation id and its owner; {@code state} is what became of it. */
    private record Decision(String reservationId, String resourceId, String customerId, int quantity, String orderId,
                            String state) {

        boolean sameOwnerAs(Decision other) {
            return resourceId.equals(other.resourceId) && Objects.equals(customerId, other.customerId)
                    && quantity == other.quantity && Objects.equals(orderId, other.orderId);
        }

        String owner() {
            return "for customer " + customerId + (orderId == null ? "" : " (order " + orderId + ")") + ", "
                    + quantity + " of resource " + resourceId;
        }
    }

    private record Holder(int quantity, String orderId) {
    }
}
