package dev.orderly.projection.monitor;

import dev.orderly.command.payment.ManualResolution;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentRefundedEvent;
import dev.orderly.command.payment.PaymentRequestedEvent;
import dev.orderly.command.payment.PaymentResolvedManuallyEvent;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/** A card is charged at most once per order, and refunds never exceed what was captured. */
@Component
class PaymentInvariants implements InvariantCheck {

    static final String ONE_CAPTURE_PER_ORDER = "at-most-one-capture-per-order";
    static final String REFUNDS_WITHIN_CAPTURES = "refunds-never-exceed-captures";

    private final JdbcTemplate jdbc;

    PaymentInvariants(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void check(EventMessage<?> event, long globalIndex, Violations violations) {
        Object payload = event.getPayload();
        if (payload instanceof PaymentRequestedEvent requested) {
            jdbc.update("""
                    INSERT INTO monitor_payment (payment_id, order_id, amount) VALUES (?, ?, ?)
                    ON CONFLICT (payment_id) DO NOTHING""", requested.paymentId().toString(),
                    requested.orderId().toString(), requested.amount().minorUnits());
        } else if (payload instanceof PaymentCapturedEvent captured) {
            capture(captured.orderId().toString(), captured.amount().minorUnits(), event, globalIndex, violations);
        } else if (payload instanceof PaymentResolvedManuallyEvent resolved
                && resolved.resolution() == ManualResolution.CAPTURED) {
            // The operator confirmed a capture Orderly had not recorded: it counts as one, of the amount asked for.
            List<Long> amount = jdbc.queryForList("SELECT amount FROM monitor_payment WHERE payment_id = ?",
                    Long.class, resolved.paymentId().toString());
            capture(resolved.orderId().toString(), amount.isEmpty() ? 0 : amount.get(0), event, globalIndex,
                    violations);
        } else if (payload instanceof PaymentRefundedEvent refunded) {
            long[] state = fold(refunded.orderId().toString(), 0, 0, refunded.amount().minorUnits());
            if (state[2] > state[1]) {
                violations.record(REFUNDS_WITHIN_CAPTURES, refunded.orderId().toString(), event, globalIndex,
                        "refunded " + state[2] + " exceeds captured " + state[1]);
            }
        }
    }

    private void capture(String orderId, long amount, EventMessage<?> event, long globalIndex,
                         Violations violations) {
        long[] state = fold(orderId, 1, amount, 0);
        if (state[0] > 1) {
            violations.record(ONE_CAPTURE_PER_ORDER, orderId, event, globalIndex,
                    "capture number " + state[0] + " for this order");
        }
    }

    @Override
    public void reset() {
        jdbc.update("DELETE FROM monitor_order_payment");
        jdbc.update("DELETE FROM monitor_payment");
    }

    /** Adds to the order's fold and returns {captures, captured, refunded} after it. */
    private long[] fold(String orderId, int captures, long captured, long refunded) {
        return jdbc.queryForObject("""
                INSERT INTO monitor_order_payment AS fold (order_id, captures, captured_amount, refunded_amount)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (order_id) DO UPDATE SET captures = fold.captures + excluded.captures,
                    captured_amount = fold.captured_amount + excluded.captured_amount,
                    refunded_amount = fold.refunded_amount + excluded.refunded_amount
                RETURNING captures, captured_amount, refunded_amount""",
                (rs, row) -> new long[]{rs.getLong(1), rs.getLong(2), rs.getLong(3)},
                orderId, captures, captured, refunded);
    }
}
