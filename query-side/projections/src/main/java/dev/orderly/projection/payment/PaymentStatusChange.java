package dev.orderly.projection.payment;

import dev.orderly.command.payment.ManualResolution;
import dev.orderly.command.payment.PaymentAttemptStartedEvent;
import dev.orderly.command.payment.PaymentAuthorizedEvent;
import dev.orderly.command.payment.PaymentCancellationRequestedEvent;
import dev.orderly.command.payment.PaymentCancelledEvent;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentDeclinedEvent;
import dev.orderly.command.payment.PaymentNeedsAttentionEvent;
import dev.orderly.command.payment.PaymentOutcomeUnknownEvent;
import dev.orderly.command.payment.PaymentRefundRequestedEvent;
import dev.orderly.command.payment.PaymentRefundedEvent;
import dev.orderly.command.payment.PaymentRequestedEvent;
import dev.orderly.command.payment.PaymentResolvedManuallyEvent;
import dev.orderly.query.payment.PaymentStatus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What each payment event does to the payment's status and amounts as a read model shows them: the one derivation,
 * which the payment view and the order view's {@code paymentStatus} both apply, each to its own columns, so the two
 * cannot tell different stories. The projections write without reading, so a change is SQL over the row as it was;
 * {@code StatusAgreementTest} checks its outcome against the {@code Payment} aggregate for every event type.
 */
public sealed interface PaymentStatusChange {

    /** The status a payment's row starts with, written by the event that creates it. */
    PaymentStatus FIRST = PaymentStatus.REQUESTED;

    /**
     * The columns of a view that keeps a payment: its status, its requested amount, and its captured and refunded
     * amounts (all three in minor units).
     */
    record Columns(String status, String amount, String captured, String refunded) {
    }

    /** Assignments for an {@code UPDATE ... SET}, and their parameters in order. */
    record Assignments(String sql, List<Object> parameters) {
    }

    /** The assignments that make this change on a row with {@code columns}. */
    Assignments on(Columns columns);

    /**
     * The change {@code event} makes: empty for a payment event that changes neither the status nor the amounts.
     *
     * @throws IllegalArgumentException for an event that is not one of {@link #events()}
     */
    static Optional<PaymentStatusChange> of(Object event) {
        Function<Object, Optional<PaymentStatusChange>> change = Table.CHANGES.get(event.getClass());
        if (change == null) {
            throw new IllegalArgumentException("no payment status is derived from " + event.getClass().getName());
        }
        return change.apply(event);
    }

    /** The payment events this derivation covers: every one of them, whether it changes the status or not. */
    static Set<Class<?>> events() {
        return Table.CHANGES.keySet();
    }

    /** The status becomes {@code status}. */
    record To(PaymentStatus status) implements PaymentStatusChange {
        @Override
        public Assignments on(Columns columns) {
            return new Assignments(columns.status() + " = " + literal(status), List.of());
        }
    }

    /** The status becomes {@code status} unless a cancellation is under way: a late answer does not undo it. */
    record UnlessCancelling(PaymentStatus status) implements PaymentStatusChange {
        @Override
        public Assignments on(Columns columns) {
            return new Assignments(columns.status() + " = CASE WHEN " + columns.status() + " = "
                    + literal(PaymentStatus.CANCEL_PENDING) + " THEN " + columns.status() + " ELSE "
                    + literal(status) + " END", List.of());
        }
    }

    /** Captured: {@code amount}, or the whole requested amount when {@code amount} is null (an operator's word). */
    record Captured(Long amount) implements PaymentStatusChange {
        @Override
        public Assignments on(Columns columns) {
            String status = columns.status() + " = " + literal(PaymentStatus.CAPTURED) + ", " + columns.captured();
            return amount == null ? new Assignments(status + " = " + columns.amount(), List.of())
                    : new Assignments(status + " = ?", List.of(amount));
        }
    }

    /** {@code amount} more went back: {@code REFUNDED} once all that was captured did, else partially. */
    record Refunded(long amount) implements PaymentStatusChange {
        @Override
        public Assignments on(Columns columns) {
            return new Assignments(columns.status() + " = CASE WHEN " + columns.refunded() + " + ? >= "
                    + columns.captured() + " THEN " + literal(PaymentStatus.REFUNDED) + " ELSE "
                    + literal(PaymentStatus.PARTIALLY_REFUNDED) + " END, " + columns.refunded() + " = "
                    + columns.refunded() + " + ?", List.of(amount, amount));
        }
    }

    private static String literal(PaymentStatus status) {
        return "'" + status.name() + "'";
    }

    /** The derivation, one row per payment event, in the order a payment usually meets them. */
    final class Table {

        private static final Map<Class<?>, Function<Object, Optional<PaymentStatusChange>>> CHANGES =
                new LinkedHashMap<>();

        static {
            always(PaymentRequestedEvent.class, event -> new To(FIRST));
            none(PaymentAttemptStartedEvent.class);
            always(PaymentAuthorizedEvent.class, event -> new UnlessCancelling(PaymentStatus.AUTHORIZED));
            always(PaymentOutcomeUnknownEvent.class, event -> new UnlessCancelling(PaymentStatus.OUTCOME_UNKNOWN));
            always(PaymentCapturedEvent.class, event -> new Captured(event.amount().minorUnits()));
            always(PaymentDeclinedEvent.class, event -> new To(PaymentStatus.DECLINED));
            always(PaymentCancellationRequestedEvent.class, event -> new To(PaymentStatus.CANCEL_PENDING));
            always(PaymentCancelledEvent.class, event -> new To(PaymentStatus.CANCELLED));
            always(PaymentNeedsAttentionEvent.class, event -> new To(PaymentStatus.NEEDS_ATTENTION));
            always(PaymentResolvedManuallyEvent.class, event -> event.resolution() == ManualResolution.CAPTURED
                    ? new Captured(null) : new To(PaymentStatus.CANCELLED));
            none(PaymentRefundRequestedEvent.class);
            always(PaymentRefundedEvent.class, event -> new Refunded(event.amount().minorUnits()));
        }

        private Table() {
        }

        private static <E> void always(Class<E> type, Function<E, PaymentStatusChange> change) {
            CHANGES.put(type, event -> Optional.of(change.apply(type.cast(event))));
        }

        private static void none(Class<?> type) {
            CHANGES.put(type, event -> Optional.empty());
        }
    }
}
