package dev.orderly.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.axon.OrderlySerialization;
import dev.orderly.command.Money;
import dev.orderly.command.order.OrderCancellationRequestedEvent;
import dev.orderly.command.order.OrderConfirmedEvent;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.OrderPickingStartedEvent;
import dev.orderly.command.order.OrderReservedEvent;
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
import dev.orderly.command.resource.ReservationRejectedEvent;
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
import org.axonframework.serialization.Revision;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.awaitility.Awaitility.await;

/**
 * A faulty writer appends events straight to the event store, past the aggregate that would have refused them. The
 * monitor, which folds the store itself, must report every broken invariant. It runs on a database of its own so
 * that its violations do not leak into tests that expect none.
 */
@OrderlySystemTest
@TestPropertySource(properties = "orderly.test.database=monitor")
class InvariantMonitorIT {

    private static final Money PRICE = new Money(1250, "EUR");
    private static final CustomerId ALICE = new CustomerId("alice");

    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    TransactionManager transactionManager;
    @Autowired
    JdbcTemplate jdbc;
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
                new ResourceRegisteredEvent(resource, "Single room", 1, PRICE),
                new ResourceReservedEvent(resource, first, customer, 1, 1, 1, null, PRICE),
                new ResourceReservedEvent(resource, second, customer, 1, 2, 1, null, PRICE),
                new ResourceReservedEvent(resource, first, customer, 1, 3, 1, null, PRICE),
                new ReservationReleasedEvent(resource, neverHeld, 1, "faulty", null));

        TestApi api = new TestApi(port);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TestApi.Response monitor = api.get("/api/monitor");
            assertThat(monitor.body().get("lag").asLong()).isZero();
            assertThat(monitor.body().get("violations").findValuesAsText("aggregateId"))
                    .filteredOn(resource.toString()::equals).hasSize(4);
        });
        TestApi.Response monitor = api.get("/api/monitor");
        assertThat(monitor.text("status")).isEqualTo("VIOLATED");
        assertThat(invariantsOf(monitor.body(), resource.toString())).containsExactlyInAnyOrder(
                "no-overbooking", "reservation-decided-once", "no-unit-held-twice", "release-only-held-reservations");
        assertThat(monitor.body().get("violations").findValuesAsText("detail"))
                .contains("held 2 exceeds capacity 1");
    }

    @Test
    void a_confirmed_orders_units_released_behind_its_back_turn_integrity_down_while_liveness_stays_up() {
        OrderId confirmed = OrderId.random();
        OrderId cancelling = OrderId.random();
        OrderId compensated = OrderId.random();
        OrderId shipped = OrderId.random();
        appendAsAFaultyWriter("Order", confirmed.toString(), new OrderReservedEvent(confirmed),
                new OrderConfirmedEvent(confirmed, PaymentId.random()));
        appendAsAFaultyWriter("Order", cancelling.toString(),
                new OrderReservedEvent(cancelling),
                new OrderCancellationRequestedEvent(cancelling, "changed my mind", "alice"));
        appendAsAFaultyWriter("Order", compensated.toString(), new OrderReservedEvent(compensated),
                new OrderCancellationRequestedEvent(compensated, "payment declined", "order fulfilment"));
        appendAsAFaultyWriter("Order", shipped.toString(), new OrderReservedEvent(shipped),
                new OrderConfirmedEvent(shipped, PaymentId.random()), new OrderPickingStartedEvent(shipped, "pick-1"),
                new OrderShippedEvent(shipped, "shp_1", "SandboxPost", "SP1"));

        ResourceId resource = ResourceId.random();
        ReservationId ofConfirmed = ReservationId.random();
        ReservationId ofCancelling = ReservationId.random();
        ReservationId ofCompensated = ReservationId.random();
        ReservationId ofShipped = ReservationId.random();
        ReservationId ofAlice = ReservationId.random();
        List<String> ids = appendAsAFaultyWriter(resource,
                new ResourceRegisteredEvent(resource, "Warehouse shelf", 10, PRICE),
                new ResourceReservedEvent(resource, ofConfirmed, ALICE, 1, 1, 10, confirmed, PRICE),
                new ResourceReservedEvent(resource, ofCancelling, ALICE, 1, 2, 10, cancelling, PRICE),
                new ResourceReservedEvent(resource, ofCompensated, ALICE, 1, 3, 10, compensated, PRICE),
                new ResourceReservedEvent(resource, ofShipped, ALICE, 1, 4, 10, shipped, PRICE),
                new ResourceReservedEvent(resource, ofAlice, ALICE, 1, 5, 10, null, null),
                // the order's own id, but nothing asked to compensate it: it still holds its units
                new ReservationReleasedEvent(resource, ofConfirmed, 1, "faulty", confirmed),
                // an order's units released as if its customer had made them through the API
                new ReservationReleasedEvent(resource, ofCancelling, 1, "faulty", null),
                // what the system does: the compensation, after the order ended, the customer's own
                new ReservationReleasedEvent(resource, ofCompensated, 1, "order cancelled", compensated),
                new ReservationReleasedEvent(resource, ofShipped, 1, "picked and shipped", shipped),
                new ReservationReleasedEvent(resource, ofAlice, 1, "released by customer", null));
        String releasedWhileHeld = ids.get(6);
        String releasedByAnother = ids.get(7);

        TestApi api = new TestApi(port);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode monitor = api.get("/api/monitor?violations=1000").body();
            assertThat(monitor.get("lag").asLong()).isZero();
            assertThat(findingsOf(monitor, resource.toString())).containsOnly(
                    entry(releasedWhileHeld, Set.of("released-only-by-the-holder")),
                    entry(releasedByAnother, Set.of("released-only-by-the-holder")));
        });
        JsonNode monitor = api.get("/api/monitor?violations=1000").body();
        assertThat(monitor.get("violations").findParents("eventIdentifier").stream()
                .filter(node -> node.path("eventIdentifier").asText().equals(releasedWhileHeld))
                .map(node -> node.path("detail").asText()))
                .singleElement(as(STRING)).contains("while the order is CONFIRMED");
        assertThat(monitor.get("violations").findParents("eventIdentifier").stream()
                .filter(node -> node.path("eventIdentifier").asText().equals(releasedByAnother))
                .map(node -> node.path("detail").asText()))
                .singleElement(as(STRING)).contains("for order " + cancelling)
                .contains("released by a customer through the API");

        long violations = monitor.get("violationCount").asLong();
        TestApi.Response integrity = api.get("/actuator/health/integrity");
        assertThat(integrity.status()).isEqualTo(503);
        assertThat(integrity.text("status")).isEqualTo("DOWN");
        assertThat(integrity.body().at("/components/invariants/details/violations").asLong()).isEqualTo(violations);
        assertThat(integrity.body()
                .at("/components/invariants/details/violationsPerInvariant/released-only-by-the-holder").asLong())
                .isGreaterThanOrEqualTo(2);
        assertThat(TestApi.anonymous(port).get("/actuator/health/integrity").status()).isEqualTo(503);
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            TestApi.Response health = api.get(probe);
            assertThat(health.status()).as(probe).isEqualTo(200);
            assertThat(health.text("status")).as(probe).isEqualTo("UP");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.getText("/actuator/prometheus").lines().filter(line -> line.startsWith("orderly_monitor_violations")))
                .contains("orderly_monitor_violations " + (double) violations));
    }

    @Test
    void reports_a_reservation_id_decided_twice_and_for_another_owner() {
        ResourceId resource = ResourceId.random();
        ResourceId elsewhere = ResourceId.random();
        OrderId order = OrderId.random();
        ReservationId alicesHeld = ReservationId.random();
        ReservationId ordersHeld = ReservationId.random();
        ReservationId released = ReservationId.random();
        appendAsAFaultyWriter(resource,
                new ResourceRegisteredEvent(resource, "Double room", 5, PRICE),
                new ResourceReservedEvent(resource, alicesHeld, ALICE, 1, 1, 5, null, PRICE),
                new ResourceReservedEvent(resource, ordersHeld, ALICE, 1, 2, 5, order, PRICE),
                new ResourceReservedEvent(resource, released, ALICE, 1, 3, 5, null, PRICE),
                new ReservationReleasedEvent(resource, released, 1, "released by customer", null));

        // The second decisions come from a writer with no aggregate and no claim table in its way: rows in our JSON.
        String forBob = appendBySql(resource, 5, new ReservationRejectedEvent(resource, alicesHeld,
                new CustomerId("bob"), 2, ReservationRejectedEvent.INSUFFICIENT_CAPACITY, null));
        String forAnotherOrder = appendBySql(resource, 6, new ReservationRejectedEvent(resource, ordersHeld, ALICE, 1,
                ReservationRejectedEvent.INSUFFICIENT_CAPACITY, OrderId.random()));
        String grantedAgain = appendBySql(resource, 7,
                new ResourceReservedEvent(resource, ordersHeld, ALICE, 1, 3, 5, order, PRICE));
        String grantedAgainAfterRelease = appendBySql(resource, 8,
                new ResourceReservedEvent(resource, released, ALICE, 1, 3, 5, null, PRICE));
        String onAnotherResource = appendBySql(elsewhere, 0,
                new ResourceReservedEvent(elsewhere, alicesHeld, ALICE, 1, 1, 1, null, PRICE));

        TestApi api = new TestApi(port);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode monitor = api.get("/api/monitor?violations=1000").body();
            assertThat(monitor.get("lag").asLong()).isZero();
            Map<String, Set<String>> findings = findingsOf(monitor, resource.toString());
            findings.putAll(findingsOf(monitor, elsewhere.toString()));
            assertThat(findings).containsOnly(
                    entry(forBob, Set.of("reservation-decided-once", "reservation-owned-by-one-party")),
                    entry(forAnotherOrder, Set.of("reservation-decided-once", "reservation-owned-by-one-party")),
                    entry(grantedAgain, Set.of("reservation-decided-once", "no-unit-held-twice")),
                    entry(grantedAgainAfterRelease, Set.of("reservation-decided-once")),
                    entry(onAnotherResource, Set.of("reservation-decided-once", "reservation-owned-by-one-party",
                            "no-unit-held-twice")));
        });
    }

    @Test
    void reports_orders_that_overstay_a_phase_as_overdue() {
        Instant fourDaysAgo = Instant.now().minus(Duration.ofDays(4));
        OrderId awaitingPayment = OrderId.random();
        OrderId neverPicked = OrderId.random();
        OrderId neverShipped = OrderId.random();
        OrderId neverCompensated = OrderId.random();
        OrderId justReserved = OrderId.random();
        OrderId pickedToday = OrderId.random();
        OrderId shippedLongAgo = OrderId.random();
        appendAt(fourDaysAgo, "Order", awaitingPayment.toString(), new OrderReservedEvent(awaitingPayment));
        appendAt(fourDaysAgo, "Order", neverPicked.toString(), new OrderReservedEvent(neverPicked),
                new OrderConfirmedEvent(neverPicked, PaymentId.random()));
        appendAt(fourDaysAgo, "Order", neverShipped.toString(), new OrderReservedEvent(neverShipped),
                new OrderConfirmedEvent(neverShipped, PaymentId.random()),
                new OrderPickingStartedEvent(neverShipped, "pick-1"));
        appendAt(fourDaysAgo, "Order", neverCompensated.toString(), new OrderReservedEvent(neverCompensated),
                new OrderCancellationRequestedEvent(neverCompensated, "changed my mind", "alice"));
        appendAt(Instant.now(), "Order", justReserved.toString(), new OrderReservedEvent(justReserved));
        appendAt(Instant.now().minus(Duration.ofHours(1)), "Order", pickedToday.toString(),
                new OrderReservedEvent(pickedToday), new OrderConfirmedEvent(pickedToday, PaymentId.random()),
                new OrderPickingStartedEvent(pickedToday, "pick-2"));
        appendAt(fourDaysAgo, "Order", shippedLongAgo.toString(), new OrderReservedEvent(shippedLongAgo),
                new OrderConfirmedEvent(shippedLongAgo, PaymentId.random()),
                new OrderShippedEvent(shippedLongAgo, "shp_1", "SandboxPost", "SP1"));
        Set<String> ours = Set.of(awaitingPayment, neverPicked, neverShipped, neverCompensated, justReserved,
                pickedToday, shippedLongAgo).stream().map(OrderId::toString).collect(Collectors.toSet());

        TestApi api = new TestApi(port);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode monitor = api.get("/api/monitor?violations=1000").body();
            assertThat(monitor.get("lag").asLong()).isZero();
            List<String> overdue = new ArrayList<>();
            monitor.get("overdue").forEach(order -> {
                if (ours.contains(order.path("orderId").asText())) {
                    overdue.add(order.path("orderId").asText() + " " + order.path("phase").asText());
                }
            });
            assertThat(overdue).containsExactlyInAnyOrder(awaitingPayment + " PENDING_PAYMENT",
                    neverPicked + " CONFIRMED", neverShipped + " PICKING", neverCompensated + " CANCEL_PENDING");
            assertThat(monitor.get("overdueOrders").toString())
                    .contains(awaitingPayment.toString(), neverPicked.toString(), neverShipped.toString(),
                            neverCompensated.toString())
                    .doesNotContain(justReserved.toString(), pickedToday.toString(), shippedLongAgo.toString());
        });
        assertThat(api.get("/actuator/health/integrity").body()
                .at("/components/invariants/details/overdueOrders").asLong()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void a_progress_row_cleared_by_an_operator_is_recreated_and_the_monitor_goes_on() {
        TestApi api = new TestApi(port);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/monitor").body().get("lag").asLong() == 0);
        jdbc.update("DELETE FROM monitor_progress");

        assertThat(api.get("/api/monitor").status()).isEqualTo(200);

        ResourceId resource = ResourceId.random();
        ReservationId neverHeld = ReservationId.random();
        List<String> ids = appendAsAFaultyWriter(resource, new ResourceRegisteredEvent(resource, "Attic", 1, PRICE),
                new ReservationReleasedEvent(resource, neverHeld, 1, "faulty", null));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode monitor = api.get("/api/monitor?violations=1000").body();
            assertThat(monitor.get("eventsChecked").asLong()).isPositive();
            assertThat(monitor.get("lag").asLong()).isZero();
            assertThat(findingsOf(monitor, resource.toString()))
                    .containsOnly(entry(ids.get(1), Set.of("release-only-held-reservations")));
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM monitor_progress", Long.class)).isOne();
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
                new PaymentRequestedEvent(payment, order, new Money(1000, "EUR"), "tok_5f3a9c0e1b7d4a2c8e6f0b1d",
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
        appendAt(Instant.now().minus(Duration.ofDays(4)), "Payment", oldPayment.toString(),
                new PaymentCapturedEvent(oldPayment, overdue, "pay_old", new Money(100, "EUR")));

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

    private static List<String> invariantsOf(JsonNode monitor, String aggregateId) {
        return monitor.get("violations").findParents("aggregateId").stream()
                .filter(node -> node.path("aggregateId").asText().equals(aggregateId))
                .map(node -> node.path("invariant").asText()).toList();
    }

    /** The invariants reported against one aggregate, per event that broke them. */
    private static Map<String, Set<String>> findingsOf(JsonNode monitor, String aggregateId) {
        return monitor.get("violations").findParents("aggregateId").stream()
                .filter(node -> node.path("aggregateId").asText().equals(aggregateId))
                .collect(Collectors.groupingBy(node -> node.path("eventIdentifier").asText(),
                        Collectors.mapping(node -> node.path("invariant").asText(),
                                Collectors.toCollection(TreeSet::new))));
    }

    private List<String> appendAsAFaultyWriter(ResourceId resource, Object... payloads) {
        return appendAsAFaultyWriter("Resource", resource.toString(), payloads);
    }

    private List<String> appendAsAFaultyWriter(String type, String aggregateId, Object... payloads) {
        return appendAt(Instant.now(), type, aggregateId, payloads);
    }

    /** Appends the events from sequence 0 on, stamped {@code at}, and returns their identifiers. */
    private List<String> appendAt(Instant at, String type, String aggregateId, Object... payloads) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int sequence = 0; sequence < payloads.length; sequence++) {
            events.add(new GenericDomainEventMessage<>(type, aggregateId, sequence, payloads[sequence],
                    MetaData.emptyInstance(), UUID.randomUUID().toString(), at));
        }
        transactionManager.executeInTransaction(() -> storageEngine.appendEvents(events));
        return events.stream().map(DomainEventMessage::getIdentifier).toList();
    }

    /**
     * A row of a Resource event written by plain SQL, as a writer outside Axon would: our JSON, the event's
     * revision, a fresh identifier. Returns that identifier.
     */
    private String appendBySql(ResourceId resource, long sequence, Object payload) {
        String identifier = UUID.randomUUID().toString();
        try {
            jdbc.update("""
                    INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                                                  metadata, payload, payloadrevision, payloadtype, timestamp)
                    VALUES (?, ?, 'Resource', ?, ?, ?, ?, ?, ?)""", resource.toString(), sequence, identifier,
                    "{}".getBytes(StandardCharsets.UTF_8),
                    OrderlySerialization.objectMapper().writeValueAsBytes(payload),
                    payload.getClass().getAnnotation(Revision.class).value(), payload.getClass().getName(),
                    Instant.now().toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return identifier;
    }
}
