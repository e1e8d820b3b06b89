package dev.orderly.projection.monitor;

import dev.orderly.command.order.OrderCancelledEvent;
import dev.orderly.command.order.OrderConfirmedEvent;
import dev.orderly.command.order.OrderShippedEvent;
import dev.orderly.command.payment.ManualResolution;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentResolvedManuallyEvent;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Fulfilment invariants: no order is confirmed without a capture; each outcome of an order (confirmed, shipped,
 * cancelled) is recorded once; and every capture ends shipped or refunded within its bound, which the status query
 * reports as overdue otherwise.
 */
@Component
class OrderInvariants implements InvariantCheck {

    static final String CONFIRMED_AFTER_CAPTURE = "no-confirmation-without-capture";
    static final String RECORDED_ONCE = "order-outcome-recorded-once";

    private final JdbcTemplate jdbc;

    OrderInvariants(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void check(EventMessage<?> event, long globalIndex, Violations violations) {
        Object payload = event.getPayload();
        String capturedOrder = capturedOrder(payload);
        if (capturedOrder != null) {
            String orderId = capturedOrder;
            jdbc.update("""
                    INSERT INTO monitor_order_payment AS fold (order_id, captures, captured_amount, refunded_amount,
                                                               first_captured_at)
                    VALUES (?, 0, 0, 0, ?)
                    ON CONFLICT (order_id) DO UPDATE
                    SET first_captured_at = coalesce(fold.first_captured_at, excluded.first_captured_at)""",
                    orderId, Timestamp.from(event.getTimestamp()));
        } else if (payload instanceof OrderConfirmedEvent confirmed) {
            long[] state = count(confirmed.orderId().toString(), "confirmations");
            if (state[1] == 0) {
                violations.record(CONFIRMED_AFTER_CAPTURE, confirmed.orderId().toString(), event, globalIndex,
                        "order confirmed while no payment of it was captured");
            }
            recordedOnce(confirmed.orderId().toString(), "confirmation", state[0], event, globalIndex, violations);
        } else if (payload instanceof OrderShippedEvent shipped) {
            long[] state = count(shipped.orderId().toString(), "shipments");
            recordedOnce(shipped.orderId().toString(), "shipment", state[0], event, globalIndex, violations);
        } else if (payload instanceof OrderCancelledEvent cancelled) {
            long[] state = count(cancelled.orderId().toString(), "cancellations");
            recordedOnce(cancelled.orderId().toString(), "cancellation", state[0], event, globalIndex, violations);
        }
    }

    /** The order whose payment this event captures, by the provider or by an operator's word; else null. */
    private static String capturedOrder(Object payload) {
        if (payload instanceof PaymentCapturedEvent captured) {
            return captured.orderId().toString();
        }
        if (payload instanceof PaymentResolvedManuallyEvent resolved
                && resolved.resolution() == ManualResolution.CAPTURED) {
            return resolved.orderId().toString();
        }
        return null;
    }

    private void recordedOnce(String orderId, String what, long count, EventMessage<?> event, long globalIndex,
                              Violations violations) {
        if (count > 1) {
            violations.record(RECORDED_ONCE, orderId, event, globalIndex, what + " number " + count + " of the order");
        }
    }

    @Override
    public void reset() {
        // the fold is shared with PaymentInvariants, which clears it
    }

    /** Increments one outcome counter of the order and returns {that counter, captures}. */
    private long[] count(String orderId, String column) {
        return jdbc.queryForObject("""
                INSERT INTO monitor_order_payment AS fold (order_id, captures, captured_amount, refunded_amount, %1$s)
                VALUES (?, 0, 0, 0, 1)
                ON CONFLICT (order_id) DO UPDATE SET %1$s = fold.%1$s + 1
                RETURNING %1$s, captures""".formatted(column),
                (rs, row) -> new long[]{rs.getLong(1), rs.getLong(2)}, orderId);
    }
}
