package dev.orderly.projection.monitor;

import dev.orderly.command.order.OrderCancellationRequestedEvent;
import dev.orderly.command.order.OrderCancelledEvent;
import dev.orderly.command.order.OrderConfirmedEvent;
import dev.orderly.command.order.OrderPickingStartedEvent;
import dev.orderly.command.order.OrderPlacedEvent;
import dev.orderly.command.order.OrderRejectedEvent;
import dev.orderly.command.order.OrderReservedEvent;
import dev.orderly.command.order.OrderShippedEvent;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.Optional;

/**
 * Every order leaves each phase that is not terminal within that phase's bound. This check only folds the phase each
 * order is in and when it entered it; the status query reports the orders past their bound as overdue, because a
 * bound is broken by time passing, not by an event. The release check asks it whether an order still holds its units.
 */
@Component
class OrderPhases implements InvariantCheck {

    private final JdbcTemplate jdbc;

    OrderPhases(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void check(EventMessage<?> event, long globalIndex, Violations violations) {
        Transition transition = transition(event.getPayload());
        if (transition == null) {
            return;
        }
        // A repeated event of the same phase (itself a violation elsewhere) does not restart the phase's clock.
        jdbc.update("""
                INSERT INTO monitor_order_phase AS fold (order_id, phase, entered_at, cancellation_requested)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (order_id) DO UPDATE SET phase = excluded.phase,
                    entered_at = CASE WHEN fold.phase = excluded.phase THEN fold.entered_at
                                      ELSE excluded.entered_at END,
                    cancellation_requested = fold.cancellation_requested OR excluded.cancellation_requested""",
                transition.orderId(), transition.phase().name(), Timestamp.from(event.getTimestamp()),
                transition.phase() == OrderPhase.CANCEL_PENDING);
    }

    /**
     * The phase in which the order, at this point of the log, still holds the units granted to it: reserved and
     * neither ended nor being compensated. Empty when it holds none, and for an order the monitor has not seen.
     */
    Optional<OrderPhase> holdingPhase(String orderId) {
        return jdbc.query("SELECT phase, cancellation_requested FROM monitor_order_phase WHERE order_id = ?",
                        (rs, row) -> rs.getBoolean(2) ? null : OrderPhase.valueOf(rs.getString(1)), orderId)
                .stream().filter(phase -> phase != null && phase.holdsUnits()).findFirst();
    }

    @Override
    public void reset() {
        jdbc.update("DELETE FROM monitor_order_phase");
    }

    private record Transition(String orderId, OrderPhase phase) {
    }

    private static Transition transition(Object payload) {
        if (payload instanceof OrderPlacedEvent placed) {
            return new Transition(placed.orderId().toString(), OrderPhase.PENDING_RESERVATION);
        } else if (payload instanceof OrderReservedEvent reserved) {
            return new Transition(reserved.orderId().toString(), OrderPhase.PENDING_PAYMENT);
        } else if (payload instanceof OrderConfirmedEvent confirmed) {
            return new Transition(confirmed.orderId().toString(), OrderPhase.CONFIRMED);
        } else if (payload instanceof OrderPickingStartedEvent picking) {
            return new Transition(picking.orderId().toString(), OrderPhase.PICKING);
        } else if (payload instanceof OrderShippedEvent shipped) {
            return new Transition(shipped.orderId().toString(), OrderPhase.SHIPPED);
        } else if (payload instanceof OrderCancellationRequestedEvent requested) {
            return new Transition(requested.orderId().toString(), OrderPhase.CANCEL_PENDING);
        } else if (payload instanceof OrderCancelledEvent cancelled) {
            return new Transition(cancelled.orderId().toString(), OrderPhase.CANCELLED);
        } else if (payload instanceof OrderRejectedEvent rejected) {
            return new Transition(rejected.orderId().toString(), OrderPhase.REJECTED);
        }
        return null;
    }
}
