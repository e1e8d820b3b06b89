package dev.orderly.projection.payment;

import dev.orderly.axon.ProjectionWrites;
import dev.orderly.command.payment.PaymentAttemptStartedEvent;
import dev.orderly.command.payment.PaymentAuthorizedEvent;
import dev.orderly.command.payment.PaymentCancellationRequestedEvent;
import dev.orderly.command.payment.PaymentCancelledEvent;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentDeclinedEvent;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.PaymentNeedsAttentionEvent;
import dev.orderly.command.payment.PaymentOutcomeUnknownEvent;
import dev.orderly.command.payment.PaymentRefundRequestedEvent;
import dev.orderly.command.payment.PaymentRefundedEvent;
import dev.orderly.command.payment.PaymentRequestedEvent;
import dev.orderly.command.payment.PaymentResolvedManuallyEvent;
import dev.orderly.query.payment.FindPaymentQuery;
import dev.orderly.query.payment.FindPaymentsNeedingAttentionQuery;
import dev.orderly.query.payment.FindPaymentsOfOrderQuery;
import dev.orderly.query.payment.FindPaymentsQuery;
import dev.orderly.query.payment.PaymentAttentionView;
import dev.orderly.query.payment.PaymentHistoryEntry;
import dev.orderly.query.payment.PaymentStatus;
import dev.orderly.query.payment.PaymentView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Payments per order, their status and full history, and the queue of payments that need a person. The status and
 * amounts come from {@link PaymentStatusChange}, which the order view applies too. Rows go through
 * {@link ProjectionWrites}, so a batch of events writes them in a few round trips.
 */
@Component
@ProcessingGroup(PaymentView.PROCESSING_GROUP)
class PaymentViewProjection {

    private static final String COLUMNS = """
            payment_id, order_id, amount, currency, status, captured_amount, refunded_amount, attempts,
            idempotency_key, provider_payment_id, reason, updated_at""";
    private static final PaymentStatusChange.Columns PAYMENT = new PaymentStatusChange.Columns("status", "amount",
            "captured_amount", "refunded_amount");
    private static final RowMapper<PaymentView> VIEW = (rs, row) -> new PaymentView(rs.getString(1),
            rs.getString(2), rs.getLong(3), rs.getString(4), PaymentStatus.valueOf(rs.getString(5)), rs.getLong(6), rs.getLong(7),
            rs.getInt(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getTimestamp(12).toInstant());

    private final JdbcTemplate jdbc;
    private final ProjectionWrites writes;

    PaymentViewProjection(JdbcTemplate jdbc, ProjectionWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @EventHandler
    void on(PaymentRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writes.update("payment_view", """
                INSERT INTO payment_view (payment_id, order_id, amount, currency, status, idempotency_key,
                                          last_sequence, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (payment_id) DO NOTHING""",
                event.paymentId().toString(), event.orderId().toString(), event.amount().minorUnits(),
                event.amount().currency(), PaymentStatusChange.FIRST.name(), event.idempotencyKey(), sequence,
                sqlTime(at));
        history(event.paymentId().toString(), sequence, "requested", event.amount().minorUnits() + " "
                + event.amount().currency() + ", key " + event.idempotencyKey(), at);
    }

    @EventHandler
    void on(PaymentAttemptStartedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event, event.paymentId(), sequence, at, "attempts = ?", event.attempt());
        history(event.paymentId().toString(), sequence, "attempt started", "attempt " + event.attempt(), at);
    }

    @EventHandler
    void on(PaymentAuthorizedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event, event.paymentId(), sequence, at, "provider_payment_id = ?", event.providerPaymentId());
        history(event.paymentId().toString(), sequence, "authorized", event.providerPaymentId(), at);
    }

    @EventHandler
    void on(PaymentCapturedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event, event.paymentId(), sequence, at, "provider_payment_id = ?, reason = null",
                event.providerPaymentId());
        history(event.paymentId().toString(), sequence, "captured", event.amount().minorUnits() + " by "
                + event.providerPaymentId(), at);
    }

    @EventHandler
    void on(PaymentDeclinedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event, event.paymentId(), sequence, at, "reason = ?, provider_payment_id = ?", event.reason(),
                event.providerPaymentId());
        history(event.paymentId().toString(), sequence, "declined", event.reason(), at);
    }

    @EventHandler
    void on(PaymentOutcomeUnknownEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event, event.paymentId(), sequence, at, "reason = ?", event.detail());
        history(event.paymentId().toString(), sequence, "outcome unknown", "attempt " + event.attempt() + ": "
                + event.detail(), at);
    }

    @EventHandler
    void on(PaymentCancellationRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event, event.paymentId(), sequence, at, "reason = ?", event.reason());
        history(event.paymentId().toString(), sequence, "cancellation requested", event.reason(), at);
    }

    @EventHandler
    void on(PaymentCancelledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event, event.paymentId(), sequence, at, "reason = ?", event.reason());
        history(event.paymentId().toString(), sequence, "cancelled", event.reason(), at);
    }

    @EventHandler
    void on(PaymentRefundRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event, event.paymentId(), sequence, at, null);
        history(event.paymentId().toString(), sequence, "refund requested", event.amount().minorUnits() + ": "
                + event.reason(), at);
    }

    @EventHandler
    void on(PaymentRefundedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event, event.paymentId(), sequence, at, null);
        history(event.paymentId().toString(), sequence, "refunded", event.amount().minorUnits() + " by "
                + event.providerRefundId(), at);
    }

    @EventHandler
    void on(PaymentNeedsAttentionEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event, event.paymentId(), sequence, at, "reason = ?, needs_attention_at = ?", event.reason(),
                sqlTime(at));
        history(event.paymentId().toString(), sequence, "needs attention", event.reason(), at);
    }

    @EventHandler
    void on(PaymentResolvedManuallyEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event, event.paymentId(), sequence, at, "reason = ?",
                "resolved by " + event.operator() + ": " + event.note());
        history(event.paymentId().toString(), sequence, "resolved manually", event.resolution() + " by "
                + event.operator() + ": " + event.note(), at);
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM payment_history");
        jdbc.update("DELETE FROM payment_view");
    }

    @QueryHandler
    Optional<PaymentView> handle(FindPaymentQuery query) {
        return jdbc.query("SELECT " + COLUMNS + " FROM payment_view WHERE payment_id = ?", VIEW,
                query.paymentId().toString()).stream().findFirst();
    }

    @QueryHandler
    List<PaymentView> handle(FindPaymentsQuery query) {
        if (query.paymentIds().isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM payment_view WHERE payment_id = ANY (?)", VIEW,
                (Object) query.paymentIds().stream().map(Object::toString).toArray(String[]::new));
    }

    @QueryHandler
    List<PaymentView> handle(FindPaymentsOfOrderQuery query) {
        return jdbc.query("SELECT " + COLUMNS + " FROM payment_view WHERE order_id = ? ORDER BY updated_at", VIEW,
                query.orderId().toString());
    }

    @QueryHandler
    List<PaymentAttentionView> handle(FindPaymentsNeedingAttentionQuery query) {
        return jdbc.query("SELECT " + COLUMNS + """
                         FROM payment_view WHERE status = '%s'
                        ORDER BY needs_attention_at LIMIT ?""".formatted(PaymentStatus.NEEDS_ATTENTION.name()), VIEW, query.limit()).stream()
                .map(view -> new PaymentAttentionView(view, history(view.paymentId())))
                .toList();
    }

    private List<PaymentHistoryEntry> history(String paymentId) {
        return jdbc.query("""
                SELECT sequence, event, detail, occurred_at FROM payment_history WHERE payment_id = ?
                ORDER BY sequence""", (rs, row) -> new PaymentHistoryEntry(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getTimestamp(4).toInstant()), paymentId);
    }

    /**
     * Applies {@code event} once, as {@link PaymentStatusChange} derives it and with this view's own
     * {@code assignments} (or none): a redelivered event, whose sequence the row has already passed, changes nothing.
     */
    private void update(Object event, PaymentId paymentId, long sequence, Instant at, String assignments,
                        Object... values) {
        List<String> sets = new ArrayList<>();
        List<Object> arguments = new ArrayList<>();
        PaymentStatusChange.of(event).map(change -> change.on(PAYMENT)).ifPresent(change -> {
            sets.add(change.sql());
            arguments.addAll(change.parameters());
        });
        if (assignments != null) {
            sets.add(assignments);
            // Not List.of: a value may be null (a declined payment the provider never gave an id).
            arguments.addAll(Arrays.asList(values));
        }
        sets.add("last_sequence = ?, updated_at = ?");
        arguments.addAll(List.of(sequence, sqlTime(at), paymentId.toString(), sequence));
        writes.update("payment_view", "UPDATE payment_view SET " + String.join(", ", sets)
                + " WHERE payment_id = ? AND last_sequence < ?", arguments.toArray());
    }

    private static java.sql.Timestamp sqlTime(Instant at) {
        return java.sql.Timestamp.from(at);
    }

    private void history(String paymentId, long sequence, String event, String detail, Instant at) {
        writes.update("payment_history", """
                INSERT INTO payment_history (payment_id, sequence, event, detail, occurred_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (payment_id, sequence) DO NOTHING""", paymentId, sequence, event, detail,
                sqlTime(at));
    }
}
