package dev.orderly.monitor;

import dev.orderly.command.Money;
import dev.orderly.command.order.OrderConfirmedEvent;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.OrderShippedEvent;
import dev.orderly.command.payment.ManualResolution;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentNeedsAttentionEvent;
import dev.orderly.command.payment.PaymentRefundRequestedEvent;
import dev.orderly.command.payment.PaymentRequestedEvent;
import dev.orderly.command.payment.PaymentResolvedManuallyEvent;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.PaymentRefundedEvent;
import dev.orderly.command.payment.RefundId;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A faulty writer appends events straight to the event store, past the aggregate that would have refused them. The
 * monitor, which folds the store itself, must report every broken invariant. It runs on a database of its own so
 * that its violations do not leak into tests that expect none.
 */
@OrderlySystemTest
@TestPropertySource(properties = "orderly.test.database=monitor")
class InvariantMonitorIT {

    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    TransactionManager transactionManager;
    @LocalServerPort
    int port;

    @Test
    void reports_an_overbooking_written_past_the_aggregate() {
        ResourceId resource = ResourceId.random();
        ReservationId first = ReservationId.random();
        ReservationId second = ReservationId.random();
        ReservationId neverHeld = ReservationId.random();
        CustomerId customer = new CustomerId("mallory");

        appendAsAFaultyWriter(resource,
                new ResourceRegisteredEvent(resource, "Single room", 1),
                new ResourceReservedEvent(resource, first, customer, 1, 1, 1),
                new ResourceReservedEvent(resource, second, customer, 1, 2, 1),
                new ResourceReservedEvent(resource, first, customer, 1, 3, 1),
                new ReservationReleasedEvent(resource, neverHeld, 1, "faulty"));

        TestApi api = new TestApi(port);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TestApi.Response monitor = api.get("/api/monitor");
            assertThat(monitor.body().get("lag").asLong()).isZero();
            assertThat(monitor.body().get("violations").findValuesAsText("aggregateId"))
                    .filteredOn(resource.toString()::equals).hasSize(3);
        });
        TestApi.Response monitor = api.get("/api/monitor");
        assertThat(monitor.text("status")).isEqualTo("VIOLATED");
        assertThat(monitor.body().get("violations").findParents("aggregateId").stream()
                .filter(node -> node.path("aggregateId").asText().equals(resource.toString()))
                .map(node -> node.path("invariant").asText())).containsExactlyInAnyOrder(
                "no-overbooking", "reservation-decided-once", "release-only-held-reservations");
        assertThat(monitor.body().get("violations").findValuesAsText("detail"))
                .contains("held 2 exceeds capacity 1");
    }

    @Test
    void reports_a_second_capture_for_one_order_and_a_refund_above_the_captures() {
        OrderId order = OrderId.random();
        PaymentId first = PaymentId.random();
        PaymentId second = PaymentId.random();
        Money amount = new Money(1000, "EUR");
        RefundId refund = RefundId.random();

        appendAsAFaultyWriter("Payment", first.toString(),
                new PaymentCapturedEvent(first, order, "pay_1", amount),
                new PaymentRefundedEvent(first, order, refund, new Money(2500, "EUR"), "re_1"));
        appendAsAFaultyWriter("Payment", second.toString(),
                new PaymentCapturedEvent(second, order, "pay_2", amount));

        TestApi api = new TestApi(port);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get("/api/monitor").body()
                .get("violations").findValuesAsText("aggregateId")).contains(order.toString(), order.toString()));
        var violations = api.get("/api/monitor").body().get("violations");
        assertThat(violations.findParents("aggregateId").stream()
                .filter(node -> node.path("aggregateId").asText().equals(order.toString()))
                .map(node -> node.path("invariant").asText()))
                .containsExactlyInAnyOrder("refunds-never-exceed-captures", "at-most-one-capture-per-order");
    }

    @Test
    void counts_a_capture_an_operator_confirmed_at_the_amount_asked_for() {
        OrderId order = OrderId.random();
        PaymentId payment = PaymentId.random();
        appendAsAFaultyWriter("Payment", payment.toString(),
                new PaymentRequestedEvent(payment, order, new Money(1000, "EUR"), "4242424242424242",
                        payment.idempotencyKey(), Instant.now(), "deadline-1"),
                new PaymentNeedsAttentionEvent(payment, order, "5 attempts ended without an answer"),
                new PaymentResolvedManuallyEvent(payment, order, "olga", ManualResolution.CAPTURED, "in the portal"),
                new PaymentRefundRequestedEvent(payment, order, RefundId.random(), new Money(1000, "EUR"), "cancel",
                        "key"),
                new PaymentRefundedEvent(payment, order, RefundId.random(), new Money(1000, "EUR"), "re_1"));
        OrderId marker = OrderId.random();
        appendAsAFaultyWriter("Order", marker.toString(), new OrderConfirmedEvent(marker, PaymentId.random()));

        TestApi api = new TestApi(port);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get("/api/monitor?violations=200")
                .body().get("violations").findValuesAsText("aggregateId")).contains(marker.toString()));
        assertThat(api.get("/api/monitor?violations=200").body().get("violations").findValuesAsText("aggregateId"))
                .doesNotContain(order.toString());
    }

    @Test
    void reports_a_confirmation_without_capture_a_double_shipment_and_an_overdue_capture() {
        OrderId unpaid = OrderId.random();
        OrderId shippedTwice = OrderId.random();
        OrderId overdue = OrderId.random();
        PaymentId oldPayment = PaymentId.random();

        appendAsAFaultyWriter("Order", unpaid.toString(), new OrderConfirmedEvent(unpaid, PaymentId.random()));
        appendAsAFaultyWriter("Order", shippedTwice.toString(),
                new OrderShippedEvent(shippedTwice, "shp_1", "SandboxPost", "SP1"),
                new OrderShippedEvent(shippedTwice, "shp_2", "SandboxPost", "SP2"));
        transactionManager.executeInTransaction(() -> storageEngine.appendEvents(List.of(
                new GenericDomainEventMessage<>("Payment", oldPayment.toString(), 0,
                        new PaymentCapturedEvent(oldPayment, overdue, "pay_old", new Money(100, "EUR")),
                        MetaData.emptyInstance(), UUID.randomUUID().toString(),
                        Instant.now().minus(Duration.ofDays(4))))));

        TestApi api = new TestApi(port);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var monitor = api.get("/api/monitor?violations=100").body();
            assertThat(monitor.get("overdueOrders").toString()).contains(overdue.toString());
            assertThat(monitor.get("violations").findParents("aggregateId").stream()
                    .filter(node -> node.path("aggregateId").asText().equals(unpaid.toString()))
                    .map(node -> node.path("invariant").asText())).containsExactly("no-confirmation-without-capture");
            assertThat(monitor.get("violations").findParents("aggregateId").stream()
                    .filter(node -> node.path("aggregateId").asText().equals(shippedTwice.toString()))
                    .map(node -> node.path("invariant").asText())).containsExactly("order-outcome-recorded-once");
        });
    }

    private void appendAsAFaultyWriter(ResourceId resource, Object... payloads) {
        appendAsAFaultyWriter("Resource", resource.toString(), payloads);
    }

    private void appendAsAFaultyWriter(String type, String aggregateId, Object... payloads) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int sequence = 0; sequence < payloads.length; sequence++) {
            events.add(new GenericDomainEventMessage<>(type, aggregateId, sequence, payloads[sequence]));
        }
        transactionManager.executeInTransaction(() -> storageEngine.appendEvents(events));
    }
}
