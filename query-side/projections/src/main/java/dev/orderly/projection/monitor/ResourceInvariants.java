package dev.orderly.projection.monitor;

import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceCapacityChangedEvent;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Resources are never overbooked: per resource, the units held by live reservations never exceed its capacity; a
 * reservation id is decided once; only a held reservation can be released.
 */
@Component
class ResourceInvariants implements InvariantCheck {

    static final String OVERBOOKING = "no-overbooking";
    static final String DUPLICATE_RESERVATION = "reservation-decided-once";
    static final String UNKNOWN_RELEASE = "release-only-held-reservations";

    private final JdbcTemplate jdbc;

    ResourceInvariants(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
            if (!decide(reserved.reservationId().toString(), resourceId, reserved.quantity(), "HELD")) {
                violations.record(DUPLICATE_RESERVATION, resourceId, event, globalIndex,
                        "reservation " + reserved.reservationId() + " was already decided before");
                return;
            }
            int[] state = addHeld(resourceId, reserved.quantity());
            if (state[1] > state[0]) {
                violations.record(OVERBOOKING, resourceId, event, globalIndex,
                        "held " + state[1] + " exceeds capacity " + state[0]);
            }
        } else if (payload instanceof ReservationRejectedEvent rejected) {
            if (!decide(rejected.reservationId().toString(), rejected.resourceId().toString(),
                    rejected.quantity(), "REJECTED")) {
                violations.record(DUPLICATE_RESERVATION, rejected.resourceId().toString(), event, globalIndex,
                        "reservation " + rejected.reservationId() + " was already decided before");
            }
        } else if (payload instanceof ReservationReleasedEvent released) {
            String resourceId = released.resourceId().toString();
            List<Integer> held = jdbc.queryForList("""
                    UPDATE monitor_reservation SET state = 'RELEASED'
                    WHERE reservation_id = ? AND resource_id = ? AND state = 'HELD'
                    RETURNING quantity""", Integer.class, released.reservationId().toString(), resourceId);
            if (held.isEmpty()) {
                violations.record(UNKNOWN_RELEASE, resourceId, event, globalIndex,
                        "reservation " + released.reservationId() + " was not held when it was released");
            } else {
                addHeld(resourceId, -held.get(0));
            }
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

    @Override
    public void reset() {
        jdbc.update("DELETE FROM monitor_reservation");
        jdbc.update("DELETE FROM monitor_resource");
    }

    /** Records the first decision about a reservation id; false when it had been decided already. */
    private boolean decide(String reservationId, String resourceId, int quantity, String state) {
        return jdbc.update("""
                INSERT INTO monitor_reservation (reservation_id, resource_id, quantity, state) VALUES (?, ?, ?, ?)
                ON CONFLICT (reservation_id) DO NOTHING""", reservationId, resourceId, quantity, state) == 1;
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
}
