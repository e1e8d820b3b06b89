package dev.orderly.evolution;

import dev.orderly.command.order.OrderId;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code Payment} snapshot written before the payment's state was split into values of their own (no revision, the
 * old flat fields) is never restored into the new shape in the running app: the snapshot filter Axon builds from
 * {@code @Revision("2")} reaches the JDBC storage engine Orderly declares, so reading the payment (what the
 * repository does before each command) starts at its first event. Without the filter the old snapshot would be read
 * first, and fail to bind to the new fields.
 */
@OrderlySystemTest
class OldSnapshotIgnoredIT {

    /** The shape the code before the split wrote (its golden sample in command-side/domain, abridged to one refund). */
    private static final String UNREVISED = """
            {"paymentId":"%1$s","orderId":"%2$s","amount":{"minorUnits":1250,"currency":"EUR"},
             "cardToken":"tok_5f3a9c0e1b7d","idempotencyKey":"orderly-pay-%1$s","deadlineId":"deadline-1",
             "status":"CAPTURED","attempts":1,"attemptInFlight":false,"lastAttemptAt":"2026-12-01T22:09:49Z",
             "captured":{"minorUnits":1250,"currency":"EUR"},"refundsRequested":{"minorUnits":0,"currency":"EUR"},
             "refunds":{},"refunded":[]}""";

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore eventStore;

    @Test
    void a_payment_snapshot_of_the_shape_before_the_split_is_skipped_and_the_payment_loads_from_its_events() {
        TestApi alice = TestApi.as(port, "alice");
        String resourceId = new TestApi(port).registerResource("Snapshot lamps", 5);
        String orderId = UUID.randomUUID().toString();
        alice.post("/api/orders", TestOrders.orderJson(resourceId, 1, "alice", "alice@example.com",
                TestOrders.GOOD_CARD).replaceFirst("\\{", "{\"orderId\":\"" + orderId + "\","));
        String paymentId = PaymentId.forOrder(OrderId.of(orderId)).toString();
        await().atMost(Duration.ofSeconds(60)).until(() -> alice.get("/api/payments/" + paymentId).text("status"),
                "CAPTURED"::equals);
        long last = jdbc.queryForObject(
                "SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, paymentId);

        jdbc.update("""
                INSERT INTO snapshotevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                                                payload, payloadrevision, payloadtype, timestamp)
                VALUES (?, ?, 'Payment', ?, ?, ?, NULL, 'dev.orderly.domain.payment.Payment', ?)""",
                paymentId, last, UUID.randomUUID().toString(), "{}".getBytes(StandardCharsets.UTF_8),
                UNREVISED.formatted(paymentId, orderId).getBytes(StandardCharsets.UTF_8), Instant.now().toString());

        DomainEventStream stream = eventStore.readEvents(paymentId);
        DomainEventMessage<?> first = stream.next();
        assertThat(first.getSequenceNumber()).as("the first message read is the payment's first event").isZero();
        assertThat(first.getPayloadType().getSimpleName()).isEqualTo("PaymentRequestedEvent");
    }
}
