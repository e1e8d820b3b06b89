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
import dev.orderly.command.payment.PaymentCancelledEvent;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentDeclinedEvent;
import dev.orderly.command.payment.PaymentNeedsAttentionEvent;
import dev.orderly.command.payment.PaymentRefundedEvent;
import dev.orderly.command.payment.PaymentRequestedEvent;
import dev.orderly.query.order.FindOrderQuery;
import dev.orderly.query.order.FindOrdersQuery;
import dev.orderly.query.order.OrderPage;
import dev.orderly.query.order.OrderStatus;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.payment.PaymentStatus;
import org.axonframework.config.ProcessingGroup;
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
import java.util.List;
import java.util.Optional;

/**
 * Orders with their lines, totals, payment and shipment, and a timeline of what happened. It reads the order's own
 * events and its payment's; both carry the order id, which is also how this processor sequences them (see
 * {@link OrderSequencing}), so an order's payment events never overtake the order itself. Rows and notifications
 * go through {@link ProjectionWrites}, so a batch of events writes them in a few round trips.
 */
@Component
@ProcessingGroup(OrderViewProjection.PROCESSING_GROUP)
class OrderViewProjection {

    static final String PROCESSING_GROUP = "order-views";

    private static final String COLUMNS = """
            order_id, customer_id, email, status, total, currency, lines::text, payment_id, payment_status,
            shipment_id, carrier, tracking_number, reason, needs_attention, placed_at, updated_at""";

    private final JdbcTemplate jdbc;
    private final ProjectionWrites writes;
    private final ObjectMapper json = new ObjectMapper();
    private final RowMapper<OrderView> view = (rs, row) -> new OrderView(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), lines(rs.getString(7)),
            rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
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
                OrderStatus.PENDING_RESERVATION.name(), event.total().minorUnits(),
                event.total().currency(), json.writeValueAsString(lines), time(message), time(message));
        timeline(event.orderId().toString(), message, "placed", event.lines().size() + " line(s), total "
                + event.total().minorUnits() + " " + event.total().currency());
    }

    @EventHandler
    void on(OrderReservedEvent event, EventMessage<?> message) {
        status(event.orderId().toString(), message, OrderStatus.PENDING_PAYMENT, "reserved", "every line is held");
    }

    @EventHandler
    void on(OrderRejectedEvent event, EventMessage<?> message) {
        update(event.orderId().toString(), message, "status = ?, reason = ?", OrderStatus.REJECTED.name(),
                event.reason());
        timeline(event.orderId().toString(), message, "rejected", event.reason());
    }

    @EventHandler
    void on(OrderConfirmedEvent event, EventMessage<?> message) {
        status(event.orderId().toString(), message, OrderStatus.CONFIRMED, "confirmed", "paid");
    }

    @EventHandler
    void on(OrderPickingStartedEvent event, EventMessage<?> message) {
        status(event.orderId().toString(), message, OrderStatus.PICKING, "picking", "picklist " + event.picklistId());
    }

    @EventHandler
    void on(OrderShippedEvent event, EventMessage<?> message) {
        update(event.orderId().toString(), message,
                "status = ?, shipment_id = ?, carrier = ?, tracking_number = ?, needs_attention = false",
                OrderStatus.SHIPPED.name(), event.shipmentId(), event.carrier(), event.trackingNumber());
        timeline(event.orderId().toString(), message, "shipped", event.carrier() + " " + event.trackingNumber());
    }

    @EventHandler
    void on(OrderCancellationRequestedEvent event, EventMessage<?> message) {
        update(event.orderId().toString(), message, "status = ?, reason = ?", OrderStatus.CANCEL_PENDING.name(),
                event.reason());
        timeline(event.orderId().toString(), message, "cancellation requested", event.reason() + " (by "
                + event.requestedBy() + ")");
    }

    @EventHandler
    void on(OrderCancelledEvent event, EventMessage<?> message) {
        status(event.orderId().toString(), message, OrderStatus.CANCELLED, "cancelled", event.reason());
    }

    @EventHandler
    void on(OrderNeedsAttentionEvent event, EventMessage<?> message) {
        update(event.orderId().toString(), message, "needs_attention = true, reason = ?", event.reason());
        timeline(event.orderId().toString(), message, "needs attention", event.reason());
    }

    @EventHandler
    void on(PaymentRequestedEvent event, EventMessage<?> message) {
        payment(event.orderId().toString(), message, PaymentStatus.REQUESTED, "payment requested",
                event.amount().minorUnits() + " " + event.amount().currency(), event.paymentId().toString());
    }

    @EventHandler
    void on(PaymentCapturedEvent event, EventMessage<?> message) {
        payment(event.orderId().toString(), message, PaymentStatus.CAPTURED, "payment captured",
                event.amount().minorUnits() + " " + event.amount().currency());
    }

    @EventHandler
    void on(PaymentDeclinedEvent event, EventMessage<?> message) {
        payment(event.orderId().toString(), message, PaymentStatus.DECLINED, "payment declined",
                event.reason());
    }

    @EventHandler
    void on(PaymentCancelledEvent event, EventMessage<?> message) {
        payment(event.orderId().toString(), message, PaymentStatus.CANCELLED, "payment cancelled",
                event.reason());
    }

    @EventHandler
    void on(PaymentRefundedEvent event, EventMessage<?> message) {
        payment(event.orderId().toString(), message, PaymentStatus.REFUNDED, "payment refunded",
                event.amount().minorUnits() + " " + event.amount().currency());
    }

    @EventHandler
    void on(PaymentNeedsAttentionEvent event, EventMessage<?> message) {
        payment(event.orderId().toString(), message, PaymentStatus.NEEDS_ATTENTION,
                "payment needs attention", event.reason());
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

    private void status(String orderId, EventMessage<?> message, OrderStatus status, String event, String detail) {
        update(orderId, message, "status = ?", status.name());
        timeline(orderId, message, event, detail);
    }

    /** Sets the payment's status, and its id when {@code paymentId} is given. */
    private void payment(String orderId, EventMessage<?> message, PaymentStatus status, String event, String detail,
                         String... paymentId) {
        List<Object> arguments = new ArrayList<>(List.of(paymentId));
        arguments.add(status.name());
        arguments.add(time(message));
        arguments.add(orderId);
        writes.update("order_view", "UPDATE order_view SET " + (paymentId.length > 0 ? "payment_id = ?, " : "")
                + "payment_status = ?, updated_at = ? WHERE order_id = ?", arguments.toArray());
        timeline(orderId, message, event, detail);
    }

    /** Changes the order once: a redelivered order event, whose sequence the row has passed, changes nothing. */
    private void update(String orderId, EventMessage<?> message, String assignments, Object... values) {
        long sequence = ((org.axonframework.eventhandling.DomainEventMessage<?>) message).getSequenceNumber();
        List<Object> arguments = new ArrayList<>(List.of(values));
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
