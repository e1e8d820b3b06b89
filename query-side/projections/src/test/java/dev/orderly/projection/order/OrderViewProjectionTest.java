package dev.orderly.projection.order;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderly.axon.OrderlySerialization;
import dev.orderly.command.order.OrderConfirmedEvent;
import dev.orderly.command.order.OrderNeedsAttentionEvent;
import dev.orderly.command.order.OrderPlacedEvent;
import dev.orderly.command.order.OrderReservedEvent;
import dev.orderly.command.order.OrderShippedEvent;
import dev.orderly.command.payment.ManualResolution;
import dev.orderly.command.payment.PaymentAuthorizedEvent;
import dev.orderly.command.payment.PaymentDeclinedEvent;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.PaymentNeedsAttentionEvent;
import dev.orderly.projection.OrderEvents;
import dev.orderly.projection.ReadModelDatabase;
import dev.orderly.query.order.FindOrderQuery;
import dev.orderly.query.order.OrderStatus;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.payment.PaymentStatus;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What a change to the order view must keep: the lines and total as placed, however many; the timeline, one entry
 * per event; every event applied once, so the same history delivered again changes nothing, a refund included; and
 * the payment it shows following that payment's events (refunds, an operator's resolution), and only the payment
 * it shows. The status each event sets is {@code StatusAgreementTest}'s.
 */
class OrderViewProjectionTest {

    private final ReadModelDatabase database = ReadModelDatabase.start();
    private final OrderViewProjection projection = new OrderViewProjection(database.jdbc(), database.writes());
    private final OrderEvents events = OrderEvents.fresh();

    {
        database.with(projection);
    }

    @Test
    void shows_the_lines_and_total_as_placed_and_the_timeline_in_order() {
        order(events.placed(2));
        order(new OrderReservedEvent(events.order()));

        OrderView view = shown();
        assertThat(view.lines()).extracting(OrderView.OrderLineView::quantity, OrderView.OrderLineView::unitPrice)
                .containsExactly(tuple(1, 100L),
                        tuple(2, 100L));
        assertThat(view.total()).isEqualTo(300);
        assertThat(view.currency()).isEqualTo("EUR");
        assertThat(view.timeline()).extracting(OrderView.TimelineEntry::event).containsExactly("placed", "reserved");
    }

    @Test
    void keeps_every_line_of_an_order_of_two_thousand_lines() {
        OrderPlacedEvent placed = events.placed(2000);
        order(placed);

        OrderView view = shown();
        assertThat(view.lines()).hasSize(2000);
        assertThat(view.lines()).extracting(OrderView.OrderLineView::resourceId).containsExactlyElementsOf(
                placed.lines().stream().map(line -> line.resourceId().toString()).toList());
        assertThat(view.total()).isEqualTo(placed.total().minorUnits());
    }

    @Test
    void a_whole_history_delivered_again_changes_nothing() {
        List<DomainEventMessage<?>> history = new ArrayList<>();
        history.add(order(events.placed(1)));
        history.add(order(new OrderReservedEvent(events.order())));
        history.add(payment(events.requested(100)));
        history.add(payment(events.captured(100)));
        history.add(order(new OrderConfirmedEvent(events.order(), events.payment())));
        history.add(payment(events.refunded(40)));
        OrderView before = shown();

        history.forEach(database::redeliver);

        assertThat(shown()).isEqualTo(before);
        assertThat(before.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(before.paymentStatus()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(before.timeline()).hasSize(6);
    }

    @Test
    void a_partial_refund_delivered_twice_is_counted_once() {
        order(events.placed(1));
        payment(events.requested(100));
        payment(events.captured(100));
        DomainEventMessage<?> half = payment(events.refunded(50));

        database.redeliver(half);
        assertThat(shown().paymentStatus()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);

        payment(events.refunded(50));
        assertThat(shown().paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
    }

    @Test
    void follows_an_operator_who_resolves_the_payment_as_captured() {
        order(events.placed(1));
        payment(events.requested(100));
        payment(new PaymentNeedsAttentionEvent(events.payment(), events.order(), "attempts exhausted"));
        assertThat(shown().paymentStatus()).isEqualTo(PaymentStatus.NEEDS_ATTENTION);

        payment(events.resolved(ManualResolution.CAPTURED));
        payment(events.refunded(100));

        assertThat(shown().paymentStatus()).isEqualTo(PaymentStatus.REFUNDED);
    }

    @Test
    void follows_an_operator_who_resolves_the_payment_as_not_charged() {
        order(events.placed(1));
        payment(events.requested(100));
        payment(new PaymentNeedsAttentionEvent(events.payment(), events.order(), "cancellation unconfirmed"));

        payment(events.resolved(ManualResolution.NOT_CHARGED));

        assertThat(shown().paymentStatus()).isEqualTo(PaymentStatus.CANCELLED);
    }

    @Test
    void shows_the_latest_payment_and_ignores_a_late_event_of_the_one_it_replaced() {
        OrderEvents second = new OrderEvents(events.order(), PaymentId.of(UUID.randomUUID().toString()));
        order(events.placed(1));
        List<DomainEventMessage<?>> fromFirstRequest = new ArrayList<>();
        fromFirstRequest.add(payment(events.requested(100)));
        fromFirstRequest.add(payment(new PaymentDeclinedEvent(events.payment(), events.order(), null, "declined")));
        fromFirstRequest.add(database.publish("Payment", second.payment().toString(), second.requested(100)));
        fromFirstRequest.add(database.publish("Payment", second.payment().toString(), second.captured(100)));
        fromFirstRequest.add(database.publish("Payment", second.payment().toString(), second.refunded(30)));

        fromFirstRequest.add(payment(new PaymentAuthorizedEvent(events.payment(), events.order(), "pay_late")));
        OrderView before = shown();
        // What a processor hands over again when its token was stored before the first request: all that followed.
        fromFirstRequest.forEach(database::redeliver);

        assertThat(before.paymentId()).isEqualTo(second.payment().toString());
        assertThat(before.paymentStatus()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        assertThat(shown()).isEqualTo(before);
    }

    @Test
    void the_payment_request_delivered_again_after_the_capture_does_not_reset_it() {
        order(events.placed(1));
        DomainEventMessage<?> requested = payment(events.requested(100));
        payment(events.captured(100));

        database.redeliver(requested);

        assertThat(shown().paymentStatus()).isEqualTo(PaymentStatus.CAPTURED);
    }

    @Test
    void the_attention_flag_stays_until_the_order_ships() {
        order(events.placed(1));
        order(new OrderNeedsAttentionEvent(events.order(), "warehouse silent"));
        order(new OrderReservedEvent(events.order()));
        assertThat(shown().needsAttention()).isTrue();

        order(new OrderShippedEvent(events.order(), "ship-1", "DHL", "TRACK-1"));

        assertThat(shown()).extracting(OrderView::needsAttention, OrderView::carrier, OrderView::trackingNumber)
                .containsExactly(false, "DHL", "TRACK-1");
    }

    @Test
    void an_order_stored_with_a_field_this_version_does_not_know_is_still_shown() throws Exception {
        JacksonSerializer serializer = OrderlySerialization.jackson();
        SerializedObject<byte[]> stored = serializer.serialize(events.placed(1), byte[].class);
        ObjectNode json = (ObjectNode) serializer.getObjectMapper().readTree(stored.getData());
        json.put("giftWrap", true).withObject("/shippingAddress").put("floor", 3);
        byte[] newer = serializer.getObjectMapper().writeValueAsBytes(json);

        order(serializer.deserialize(new SimpleSerializedObject<>(newer, byte[].class, stored.getType())));

        assertThat(shown().lines()).hasSize(1);
        assertThat(shown().status()).isEqualTo(OrderStatus.PENDING_RESERVATION);
    }

    private DomainEventMessage<?> order(Object event) {
        return database.publish("Order", events.order().toString(), event);
    }

    private DomainEventMessage<?> payment(Object event) {
        return database.publish("Payment", events.payment().toString(), event);
    }

    private OrderView shown() {
        return projection.handle(new FindOrderQuery(events.order())).orElseThrow();
    }
}
