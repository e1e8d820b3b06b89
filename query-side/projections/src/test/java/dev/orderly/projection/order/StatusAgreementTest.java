package dev.orderly.projection.order;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.command.Money;
import dev.orderly.command.order.OrderCancellationRequestedEvent;
import dev.orderly.command.order.OrderCancelledEvent;
import dev.orderly.command.order.OrderConfirmedEvent;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.OrderLine;
import dev.orderly.command.order.OrderNeedsAttentionEvent;
import dev.orderly.command.order.OrderPickingStartedEvent;
import dev.orderly.command.order.OrderPlacedEvent;
import dev.orderly.command.order.OrderRejectedEvent;
import dev.orderly.command.order.OrderReservedEvent;
import dev.orderly.command.order.OrderShippedEvent;
import dev.orderly.command.order.ShippingAddress;
import dev.orderly.command.payment.ManualResolution;
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
import dev.orderly.command.payment.RefundId;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceCapacityChangedEvent;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourcePriceChangedEvent;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.domain.order.Order;
import dev.orderly.domain.payment.Payment;
import dev.orderly.projection.CommandSide;
import dev.orderly.projection.ReadModelDatabase;
import dev.orderly.projection.payment.PaymentStatusChange;
import dev.orderly.projection.payment.PaymentViews;
import dev.orderly.query.order.OrderStatus;
import dev.orderly.query.payment.PaymentStatus;
import org.axonframework.test.deadline.StubDeadlineManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side and the read models tell the same story: each history below is folded into the {@code Order} and
 * {@code Payment} aggregates and projected into the order and payment views on PostgreSQL, and after every event
 * the order's status, the payment's status and the order view's {@code paymentStatus} agree with the aggregates.
 * Together the histories hold every event type of the command API, found by scanning it: a new event fails
 * {@link #every_event_of_the_command_api_is_walked_by_a_history} until a history shows what it does to the statuses.
 */
class StatusAgreementTest {

    /** Events whose aggregate keeps no status a read model shows: a resource's own, and its reservations'. */
    private static final Set<Class<?>> NO_ORDER_OR_PAYMENT_STATUS = Set.of(ResourceRegisteredEvent.class,
            ResourceCapacityChangedEvent.class, ResourcePriceChangedEvent.class, ResourceReservedEvent.class,
            ReservationRejectedEvent.class, ReservationReleasedEvent.class);

    private static final Money TOTAL = new Money(2000, "EUR");

    private final ReadModelDatabase database = ReadModelDatabase.start();

    {
        database.with(new OrderViewProjection(database.jdbc(), database.writes()))
                .with(PaymentViews.projection(database));
    }

    /** One history: the events of an order and its payment, in the order the event store holds them. */
    record History(String name, Function<History.Ids, List<Object>> events) {

        record Ids(OrderId order, PaymentId payment) {
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<History> histories() {
        return Stream.of(
                new History("shipped, then refunded in two parts", ids -> concat(placedAndReserved(ids), List.of(
                        requested(ids), attempt(ids, 1),
                        new PaymentAuthorizedEvent(ids.payment(), ids.order(), "pay_1"),
                        new PaymentCapturedEvent(ids.payment(), ids.order(), "pay_1", TOTAL),
                        new OrderConfirmedEvent(ids.order(), ids.payment()),
                        new OrderPickingStartedEvent(ids.order(), "pick-1"),
                        new OrderShippedEvent(ids.order(), "ship-1", "DHL", "TRACK-1"),
                        refundRequested(ids, "f1", 500), refunded(ids, "f1", 500),
                        refundRequested(ids, "f2", 1500), refunded(ids, "f2", 1500)))),
                new History("a line could not be held", ids -> List.of(placed(ids),
                        new OrderRejectedEvent(ids.order(), "sold out"))),
                new History("unanswered, then declined", ids -> concat(placedAndReserved(ids), List.of(
                        requested(ids), attempt(ids, 1),
                        new PaymentOutcomeUnknownEvent(ids.payment(), ids.order(), 1, "timeout"), attempt(ids, 2),
                        new PaymentDeclinedEvent(ids.payment(), ids.order(), "pay_2", "insufficient funds"),
                        new OrderRejectedEvent(ids.order(), "payment declined")))),
                new History("left to a person, who finds it captured", ids -> concat(placedAndReserved(ids),
                        List.of(requested(ids), attempt(ids, 1),
                                new PaymentOutcomeUnknownEvent(ids.payment(), ids.order(), 1, "reset"),
                                new PaymentNeedsAttentionEvent(ids.payment(), ids.order(), "attempts exhausted"),
                                new OrderNeedsAttentionEvent(ids.order(), "payment needs attention"),
                                resolved(ids, ManualResolution.CAPTURED),
                                new OrderConfirmedEvent(ids.order(), ids.payment()),
                                refundRequested(ids, "f1", 700), refunded(ids, "f1", 700)))),
                new History("cancelled while a late answer comes in", ids -> concat(placedAndReserved(ids), List.of(
                        requested(ids), attempt(ids, 1),
                        new OrderCancellationRequestedEvent(ids.order(), "changed my mind", "customer"),
                        new PaymentCancellationRequestedEvent(ids.payment(), ids.order(), "order cancelled"),
                        new PaymentAuthorizedEvent(ids.payment(), ids.order(), "pay_3"),
                        new PaymentOutcomeUnknownEvent(ids.payment(), ids.order(), 1, "timeout"),
                        new PaymentCancelledEvent(ids.payment(), ids.order(), "voided"),
                        new OrderCancelledEvent(ids.order(), "changed my mind")))),
                new History("a cancellation never confirmed, resolved as not charged", ids -> concat(
                        placedAndReserved(ids), List.of(requested(ids),
                                new PaymentCancellationRequestedEvent(ids.payment(), ids.order(), "deadline passed"),
                                new PaymentNeedsAttentionEvent(ids.payment(), ids.order(), "cancellation unconfirmed"),
                                resolved(ids, ManualResolution.NOT_CHARGED),
                                new OrderCancellationRequestedEvent(ids.order(), "payment failed", "saga"),
                                new OrderCancelledEvent(ids.order(), "payment failed")))),
                new History("captured after a cancellation was asked for", ids -> concat(placedAndReserved(ids),
                        List.of(requested(ids), attempt(ids, 1),
                                new PaymentCancellationRequestedEvent(ids.payment(), ids.order(), "deadline passed"),
                                new PaymentCapturedEvent(ids.payment(), ids.order(), "pay_4", TOTAL),
                                refundRequested(ids, "f1", 2000), refunded(ids, "f1", 2000)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void the_read_models_show_the_status_the_aggregates_are_in_after_every_event(History history) {
        History.Ids ids = new History.Ids(OrderId.of(UUID.randomUUID().toString()),
                PaymentId.of(UUID.randomUUID().toString()));
        List<Object> orderEvents = new ArrayList<>();
        List<Object> paymentEvents = new ArrayList<>();
        for (Object event : history.events().apply(ids)) {
            boolean payment = event.getClass().getPackageName().endsWith(".payment");
            (payment ? paymentEvents : orderEvents).add(event);
            database.publish(payment ? "Payment" : "Order", (payment ? ids.payment() : ids.order()).toString(),
                    event);

            String after = "after " + event.getClass().getSimpleName() + " in '" + history + "'";
            Map<String, Object> order = database.jdbc().queryForMap(
                    "SELECT status, payment_status FROM order_view WHERE order_id = ?", ids.order().toString());
            assertThat(order.get("status")).as("order status " + after).isEqualTo(orderStatus(orderEvents).name());
            if (!paymentEvents.isEmpty()) {
                String expected = paymentStatus(paymentEvents).name();
                assertThat(database.jdbc().queryForObject("SELECT status FROM payment_view WHERE payment_id = ?",
                        String.class, ids.payment().toString())).as("payment status " + after).isEqualTo(expected);
                assertThat(order.get("payment_status")).as("the order's payment status " + after)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void every_event_of_the_command_api_is_walked_by_a_history() {
        Set<Class<?>> walked = new HashSet<>();
        History.Ids ids = new History.Ids(OrderId.of(UUID.randomUUID().toString()),
                PaymentId.of(UUID.randomUUID().toString()));
        histories().forEach(history -> history.events().apply(ids).forEach(event -> walked.add(event.getClass())));
        walked.addAll(NO_ORDER_OR_PAYMENT_STATUS);

        assertThat(walked).containsExactlyInAnyOrderElementsOf(commandApiEvents());
    }

    @Test
    void each_derivation_covers_every_event_of_its_aggregate() {
        Set<Class<?>> orderEvents = commandApiEvents().stream()
                .filter(type -> type.getPackageName().endsWith(".order")).collect(Collectors.toSet());
        Set<Class<?>> paymentEvents = commandApiEvents().stream()
                .filter(type -> type.getPackageName().endsWith(".payment")).collect(Collectors.toSet());

        assertThat(OrderStatusChange.events()).containsExactlyInAnyOrderElementsOf(orderEvents);
        assertThat(PaymentStatusChange.events()).containsExactlyInAnyOrderElementsOf(paymentEvents);
    }

    /** Every event type of the command API: its records named {@code ...Event}. */
    private static Set<Class<?>> commandApiEvents() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new RegexPatternTypeFilter(Pattern.compile(".*Event")));
        Set<Class<?>> events = scanner.findCandidateComponents("dev.orderly.command").stream().map(candidate -> {
            try {
                return (Class<?>) Class.forName(candidate.getBeanClassName());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toSet());
        assertThat(events).as("the scan finds the command API's events").contains(OrderPlacedEvent.class,
                PaymentRequestedEvent.class, ResourceReservedEvent.class);
        return events;
    }

    private static OrderStatus orderStatus(List<Object> events) {
        return OrderStatus.valueOf(CommandSide.state(Order.class, "order", events).path("status").asText());
    }

    /**
     * The payment aggregate's status, named as the read models name it: the aggregate keeps a refunded payment
     * {@code CAPTURED} (more of it may be refunded), the views say how much of it went back.
     */
    private static PaymentStatus paymentStatus(List<Object> events) {
        JsonNode payment = CommandSide.state(Payment.class, "payment", events, new StubDeadlineManager());
        PaymentStatus status = PaymentStatus.valueOf(payment.path("status").asText());
        JsonNode refunds = payment.path("refunds");
        long refunded = 0;
        for (JsonNode refundId : refunds.path("paid")) {
            refunded += refunds.path("asked").path(refundId.asText()).path("minorUnits").asLong();
        }
        if (status != PaymentStatus.CAPTURED || refunded == 0) {
            return status;
        }
        long captured = refunds.path("captured").path("minorUnits").asLong();
        return refunded >= captured ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
    }

    private static List<Object> placedAndReserved(History.Ids ids) {
        return List.of(placed(ids), new OrderReservedEvent(ids.order()));
    }

    private static OrderPlacedEvent placed(History.Ids ids) {
        return new OrderPlacedEvent(ids.order(), new CustomerId("alice"), "alice@example.com",
                List.of(new OrderLine(ResourceId.of(UUID.randomUUID().toString()), 2, new Money(1000, "EUR"))),
                TOTAL, new ShippingAddress("Alice", "1 Main St", "Berlin", "10115", "DE"), "tok_1");
    }

    private static PaymentRequestedEvent requested(History.Ids ids) {
        return new PaymentRequestedEvent(ids.payment(), ids.order(), TOTAL, "tok_1", ids.payment().idempotencyKey(),
                Instant.parse("2026-01-01T10:15:00Z"), "deadline-1");
    }

    private static PaymentAttemptStartedEvent attempt(History.Ids ids, int attempt) {
        return new PaymentAttemptStartedEvent(ids.payment(), ids.order(), attempt, ids.payment().idempotencyKey());
    }

    private static PaymentResolvedManuallyEvent resolved(History.Ids ids, ManualResolution resolution) {
        return new PaymentResolvedManuallyEvent(ids.payment(), ids.order(), "olga", resolution, "checked the portal");
    }

    private static PaymentRefundRequestedEvent refundRequested(History.Ids ids, String refund, long amount) {
        RefundId refundId = refundId(ids, refund);
        return new PaymentRefundRequestedEvent(ids.payment(), ids.order(), refundId, new Money(amount, "EUR"),
                "customer asked", refundId.idempotencyKey());
    }

    private static PaymentRefundedEvent refunded(History.Ids ids, String refund, long amount) {
        return new PaymentRefundedEvent(ids.payment(), ids.order(), refundId(ids, refund), new Money(amount, "EUR"),
                "re_" + refund);
    }

    private static RefundId refundId(History.Ids ids, String refund) {
        return RefundId.of(UUID.nameUUIDFromBytes((ids.payment() + refund).getBytes()).toString());
    }

    private static List<Object> concat(List<Object> first, List<Object> then) {
        List<Object> all = new ArrayList<>(first);
        all.addAll(then);
        return all;
    }
}
