package dev.orderly.projection.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.axon.ProjectionWrites;
import dev.orderly.command.order.OrderCancellationRequestedEvent;
import dev.orderly.command.order.OrderCancelledEvent;
import dev.orderly.command.order.OrderConfirmedEvent;
import dev.orderly.command.order.OrderNeedsAttentionEvent;
import dev.orderly.command.order.OrderPickingStartedEvent;
import dev.orderly.command.order.OrderPlacedEvent;
import dev.orderly.command.order.OrderRejectedEvent;
import dev.orderly.command.order.OrderReservedEvent;
import dev.orderly.command.order.OrderShippedEvent;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.payment.PaymentAuthorizedEvent;
import dev.orderly.command.payment.PaymentCancellationRequestedEvent;
import dev.orderly.command.payment.PaymentCancelledEvent;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentDeclinedEvent;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.PaymentNeedsAttentionEvent;
import dev.orderly.command.payment.PaymentOutcomeUnknownEvent;
import dev.orderly.command.payment.PaymentRefundedEvent;
import dev.orderly.command.payment.PaymentRequestedEvent;
import dev.orderly.command.payment.PaymentResolvedManuallyEvent;
import dev.orderly.projection.payment.PaymentStatusChange;
import dev.orderly.query.order.FindOrderQuery;
import dev.orderly.query.order.FindOrdersQuery;
import dev.orderly.query.order.OrderPage;
import dev.orderly.query.order.OrderStatus;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.payment.PaymentStatus;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Orders with their lines, totals, payment and shipment, and a timeline of what happened. It reads the order's own
 * events and its payment's; both carry the order id, which is also how this processor sequences them (see
 * {@link OrderSequencing}), so an order's payment events never overtake the order itself. Its status comes from
 * {@link OrderStatusChange}, its payment's from {@link PaymentStatusChange}, the payment view's own derivation, so
 * the order and its payment show the same status. Rows and notifications go through {@link ProjectionWrites}, so a
 * batch of events writes them in a few round trips.
 * <p>
 * Longer than 300 lines: a handler for each of the 19 order and payment events the row shows, and the row's queries;
 * split, one row would be written from two classes.
 */
@Component
@ProcessingGroup(OrderView.PROCESSING_GROUP)
class OrderViewProjection {

    private static final String COLUMNS = """
            order_id, customer_id, email, status, total, currency, lines::text, payment_id, payment_status,
            shipment_id, carrier, tracking_number, reason, needs_attention, placed_at, updated_at""";

    /** Where the order view keeps its payment, for {@link PaymentStatusChange}. */
    private static final PaymentStatusChange.Columns PAYMENT = new PaymentStatusChange.Columns("payment_status",
            "payment_amount", "payment_captured", "payment_refunded");

    private final JdbcTemplate jdbc;
    private final ProjectionWrites writes;
    private final ObjectMapper json = new ObjectMapper();
    private final RowMapper<OrderView> view = (rs, row) -> new OrderView(rs.getString(1), rs.getString(2),
            rs.getString(3), OrderStatus.valueOf(rs.getString(4)), rs.getLong(5), rs.getString(6),
            lines(rs.getString(7)), rs.getString(8), paymentStatus(rs.getString(9)), rs.getString(10), rs.getString(11), rs.getString(12),
            rs.getString(13), rs.getBoolean(14), rs.getTimestamp(15).toInstant(), rs.getTimestamp(16).toInstant(),
            List.of());

    OrderViewProjection(JdbcTemplate jdbc, ProjectionWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @EventHandler
    void on(OrderPlacedEvent event, EventMessage<?> message) throws JsonProcessingException {
        List<OrderView.OrderLineView> lines = event.lines().stream().map(line -> new OrderView.OrderLineView(
                line.resourceId().toString(), line.quantity(), line.unitPrice().minorUnits())).toList();
        writes.update("order_view", """
                INSERT INTO order_view (order_id, customer_id, email, status, total, currency, lines, last_sequence,
                                        placed_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, 0, ?, ?) ON CONFLICT DO NOTHING""",
                event.orderId().toString(), event.customerId().toString(), event.email(),
                OrderStatusChange.of(event).name(), event.total().minorUnits(),
                event.total().currency(), json.writeValueAsString(lines), time(message), time(message));
        timeline(event.orderId().toString(), message, "placed", event.lines().size() + " line(s), total "
                + event.total().minorUnits() + " " + event.total().currency());
    }

    @EventHandler
    void on(OrderReservedEvent event, EventMessage<?> message) {
        status(event, event.orderId(), message, "reserved", "every line is held");
    }

    @EventHandler
    void on(OrderRejectedEvent event, EventMessage<?> message) {
        update(event.orderId().toString(), message, "status = ?, reason = ?", OrderStatusChange.of(event).name(),
                event.reason());
        timeline(event.orderId().toString(), message, "rejected", event.reason());
    }

    @EventHandler
    void on(OrderConfirmedEvent event, EventMessage<?> message) {
        status(event, event.orderId(), message, "confirmed", "paid");
    }

    @EventHandler
    void on(OrderPickingStartedEvent event, EventMessage<?> message) {
        status(event, event.orderId(), message, "picking", "picklist " + event.picklistId());
    }

    @EventHandler
    void on(OrderShippedEvent event, EventMessage<?> message) {
        update(event.orderId().toString(), message,
                "status = ?, shipment_id = ?, carrier = ?, tracking_number = ?, needs_attention = false",
                OrderStatusChange.of(event).name(), event.shipmentId(), event.carrier(), event.trackingNumber());
        timeline(event.orderId().toString(), message, "shipped", event.carrier() + " " + event.trackingNumber());
    }

    @EventHandler
    void on(OrderCancellationRequestedEvent event, EventMessage<?> message) {
        update(event.orderId().toString(), message, "status = ?, reason = ?", OrderStatusChange.of(event).name(),
                event.reason());
        timeline(event.orderId().toString(), message, "cancellation requested", event.reason() + " (by "
                + event.requestedBy() + ")");
    }

    @EventHandler
    void on(OrderCancelledEvent event, EventMessage<?> message) {
        status(event, event.orderId(), message, "cancelled", event.reason());
    }

    @EventHandler
    void on(OrderNeedsAttentionEvent event, EventMessage<?> message) {
        update(event.orderId().toString(), message, "needs_attention = true, reason = ?", event.reason());
        timeline(event.orderId().toString(), message, "needs attention", event.reason());
    }

    @EventHandler
    void on(PaymentRequestedEvent event, DomainEventMessage<?> message) {
        String orderId = event.orderId().toString();
        String paymentId = event.paymentId().toString();
        PaymentStatusChange.Assignments status = change(event);
        List<Object> arguments = new ArrayList<>(List.of(paymentId, event.amount().minorUnits()));
        arguments.addAll(status.parameters());
        arguments.addAll(List.of(message.getSequenceNumber(), time(message), orderId, paymentId));
        // The row's payment from now on; its own request delivered again finds it already there.
        writes.update("order_view", "UPDATE order_view SET payment_id = ?, payment_amount = ?, payment_captured = 0, "
                + "payment_refunded = 0, " + status.sql() + ", payment_sequence = ?, updated_at = ? "
                + "WHERE order_id = ? AND payment_id IS DISTINCT FROM ?", arguments.toArray());
        timeline(orderId, message, "payment requested", event.amount().minorUnits() + " "
                + event.amount().currency());
    }

    @EventHandler
    void on(PaymentAuthorizedEvent event, DomainEventMessage<?> message) {
        payment(event, event.orderId(), event.paymentId(), message, "payment authorized", event.providerPaymentId());
    }

    @EventHandler
    void on(PaymentOutcomeUnknownEvent event, DomainEventMessage<?> message) {
        payment(event, event.orderId(), event.paymentId(), message, "payment outcome unknown", "attempt "
                + event.attempt() + ": " + event.detail());
    }

    @EventHandler
    void on(PaymentCapturedEvent event, DomainEventMessage<?> message) {
        payment(event, event.orderId(), event.paymentId(), message, "payment captured",
                event.amount().minorUnits() + " " + event.amount().currency());
    }

    @EventHandler
    void on(PaymentDeclinedEvent event, DomainEventMessage<?> message) {
        payment(event, event.orderId(), event.paymentId(), message, "payment declined", event.reason());
    }

    @EventHandler
    void on(PaymentCancellationRequestedEvent event, DomainEventMessage<?> message) {
        payment(event, event.orderId(), event.paymentId(), message, "payment cancellation requested",
                event.reason());
    }

    @EventHandler
    void on(PaymentCancelledEvent event, DomainEventMessage<?> message) {
        payment(event, event.orderId(), event.paymentId(), message, "payment cancelled", event.reason());
    }

    @EventHandler
    void on(PaymentRefundedEvent event, DomainEventMessage<?> message) {
        payment(event, event.orderId(), event.paymentId(), message, "payment refunded",
                event.amount().minorUnits() + " " + event.amount().currency());
    }

    @EventHandler
    void on(PaymentNeedsAttentionEvent event, DomainEventMessage<?> message) {
        payment(event, event.orderId(), event.paymentId(), message, "payment needs attention", event.reason());
    }

    @EventHandler
    void on(PaymentResolvedManuallyEvent event, DomainEventMessage<?> message) {
        payment(event, event.orderId(), event.paymentId(), message, "payment resolved manually",
                event.resolution() + " by " + event.operator() + ": " + event.note());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM order_timeline");
        jdbc.update("DELETE FROM order_view");
    }

    @QueryHandler
    Optional<OrderView> handle(FindOrderQuery query) {
        return jdbc.query("SELECT " + COLUMNS + " FROM order_view WHERE order_id = ?", view,
                query.orderId().toString()).stream().findFirst().map(order -> withTimeline(order));
    }

    @QueryHandler
    OrderPage handle(FindOrdersQuery query) {
        List<Object> arguments = new ArrayList<>();
        StringBuilder where = new StringBuilder("order_id > ?");
        arguments.add(query.after() == null ? "" : query.after());
        if (query.customerId() != null) {
            where.append(" AND customer_id = ?");
            arguments.add(query.customerId());
        }
        if (query.status() != null) {
            where.append(" AND status = ?");
            arguments.add(query.status());
        }
        arguments.add(query.limit());
        List<OrderView> items = jdbc.query("SELECT " + COLUMNS + " FROM order_view WHERE " + where
                + " ORDER BY order_id LIMIT ?", view, arguments.toArray());
        return new OrderPage(items, items.size() == query.limit() ? items.get(items.size() - 1).orderId() : null);
    }

    private OrderView withTimeline(OrderView order) {
        List<OrderView.TimelineEntry> timeline = jdbc.query("""
                SELECT occurred_at, event, detail FROM order_timeline WHERE order_id = ?
                ORDER BY occurred_at, event_id""", (rs, row) -> new OrderView.TimelineEntry(
                rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3)), order.orderId());
        return new OrderView(order.orderId(), order.customerId(), order.email(), order.status(), order.total(),
                order.currency(), order.lines(), order.paymentId(), order.paymentStatus(), order.shipmentId(),
                order.carrier(), order.trackingNumber(), order.reason(), order.needsAttention(), order.placedAt(),
                order.updatedAt(), timeline);
    }

    private void status(Object event, OrderId orderId, EventMessage<?> message, String entry, String detail) {
        update(orderId.toString(), message, "status = ?", OrderStatusChange.of(event).name());
        timeline(orderId.toString(), message, entry, detail);
    }

    /**
     * Changes the order's payment as {@link PaymentStatusChange} derives it, once: a payment event delivered again,
     * whose sequence the row has passed, changes nothing, and neither does one of a payment the row does not show.
     */
    private void payment(Object event, OrderId orderId, PaymentId paymentId, DomainEventMessage<?> message,
                         String entry, String detail) {
        PaymentStatusChange.Assignments change = change(event);
        List<Object> arguments = new ArrayList<>(change.parameters());
        arguments.addAll(List.of(message.getSequenceNumber(), time(message), orderId.toString(),
                paymentId.toString(), message.getSequenceNumber()));
        writes.update("order_view", "UPDATE order_view SET " + change.sql() + ", payment_sequence = ?, updated_at = ? "
                + "WHERE order_id = ? AND payment_id = ? AND payment_sequence < ?", arguments.toArray());
        timeline(orderId.toString(), message, entry, detail);
    }

    private static PaymentStatusChange.Assignments change(Object event) {
        return PaymentStatusChange.of(event).orElseThrow(() -> new IllegalArgumentException(
                event.getClass().getSimpleName() + " changes no payment status")).on(PAYMENT);
    }

    private static PaymentStatus paymentStatus(String name) {
        return name == null ? null : PaymentStatus.valueOf(name);
    }

    /** Changes the order once: a redelivered order event, whose sequence the row has passed, changes nothing. */
    private void update(String orderId, EventMessage<?> message, String assignments, Object... values) {
        long sequence = ((DomainEventMessage<?>) message).getSequenceNumber();
        List<Object> arguments = new ArrayList<>(Arrays.asList(values));
        arguments.add(sequence);
        arguments.add(time(message));
        arguments.add(orderId);
        arguments.add(sequence);
        writes.update("order_view", "UPDATE order_view SET " + assignments + ", last_sequence = ?, updated_at = ? "
                + "WHERE order_id = ? AND last_sequence < ?", arguments.toArray());
    }

    private void timeline(String orderId, EventMessage<?> message, String event, String detail) {
        // Delivered to every node's listeners when this transaction commits; see LiveChangeListener. Not while the
        // projection is rebuilt from the tail: live subscribers would be shown old statuses again.
        if (!ReplayToken.isReplay(message)) {
            writes.notify("orderly_order_changed", orderId);
        }
        writes.update("order_timeline", """
                INSERT INTO order_timeline (event_id, order_id, occurred_at, event, detail) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (event_id) DO NOTHING""", message.getIdentifier(), orderId, time(message), event,
                detail);
    }

    private static Timestamp time(EventMessage<?> message) {
        return Timestamp.from(message.getTimestamp());
    }

    private List<OrderView.OrderLineView> lines(String text) {
        try {
            return json.readValue(text, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("order lines cannot be read", e);
        }
    }
}
