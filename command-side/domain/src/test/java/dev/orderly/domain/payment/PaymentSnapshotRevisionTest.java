package dev.orderly.domain.payment;

import dev.orderly.axon.OrderlySerialization;
import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.payment.OrderPaymentClaims;
import dev.orderly.command.payment.PaymentAttemptStartedEvent;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.PaymentRequestedEvent;
import dev.orderly.command.payment.SettleWindow;
import dev.orderly.domain.InMemoryOrderPaymentClaims;
import dev.orderly.domain.Snapshots;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.test.deadline.StubDeadlineManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A payment's snapshot carries the aggregate's revision, and a snapshot of another shape is never read: the
 * snapshots stored before the split of its refunds and attempts into values of their own (golden samples, written by
 * that code) are refused by the snapshot filter Axon's configuration builds for {@code Payment}, the one Orderly's
 * JDBC storage engine is given, so the payment is loaded from its events instead.
 */
class PaymentSnapshotRevisionTest {

    private static final Serializer SERIALIZER = OrderlySerialization.jackson();
    private static final PaymentId PAYMENT = PaymentId.of("00000000-0000-0000-0000-000000000001");
    private static final OrderId ORDER = OrderId.of("00000000-0000-0000-0000-0000000000a1");
    private static final Money EUR_20 = new Money(2000, "EUR");
    private static final SettleWindow SETTLE = new SettleWindow(Duration.ofSeconds(30));

    private static SnapshotFilter axonsSnapshotFilter() {
        return DefaultConfigurer.defaultConfiguration()
                .registerComponent(OrderPaymentClaims.class, c -> new InMemoryOrderPaymentClaims())
                .registerComponent(SettleWindow.class, c -> SETTLE)
                .registerComponent(Clock.class, c -> Clock.systemUTC())
                .configureAggregate(Payment.class)
                .buildConfiguration()
                .snapshotFilter();
    }

    /** A snapshot row as the JDBC storage engine reads it back: type, payload type and revision, JSON. */
    private static GenericDomainEventEntry<byte[]> stored(String revision, byte[] json) {
        return new GenericDomainEventEntry<>("Payment", PAYMENT.toString(), 3, "snapshot-1", Instant.now(),
                Payment.class.getName(), revision, json, "{}".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] golden(String name) throws IOException {
        try (InputStream in = PaymentSnapshotRevisionTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void a_snapshot_is_stored_with_the_payments_revision() {
        DomainEventMessage<Payment> snapshot = Snapshots.of(Payment.class, PAYMENT.toString(), List.of(
                new PaymentRequestedEvent(PAYMENT, ORDER, EUR_20, "tok_5f3a9c0e1b7d", PAYMENT.idempotencyKey(),
                        Instant.parse("2026-01-01T10:15:00Z"), "deadline-1"),
                new PaymentAttemptStartedEvent(PAYMENT, ORDER, 1, PAYMENT.idempotencyKey()),
                new PaymentCapturedEvent(PAYMENT, ORDER, "pay_1", EUR_20)),
                new StubDeadlineManager(), SETTLE, Clock.systemUTC());
        SerializedObject<byte[]> written = SERIALIZER.serialize(snapshot.getPayload(), byte[].class);

        assertThat(written.getType().getRevision()).isEqualTo("2");
        assertThat(axonsSnapshotFilter().allow(stored(written.getType().getRevision(), written.getData()))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"snapshot-unrevised-refunds-asked-and-paid.json",
        "snapshot-unrevised-attempt-in-flight.json"})
    void a_snapshot_written_before_the_split_is_ignored_so_the_payment_is_loaded_from_its_events(String sample)
            throws IOException {
        byte[] json = golden(sample);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"attemptInFlight\":", "\"refunded\":");

        assertThat(axonsSnapshotFilter().allow(stored(null, json))).isFalse();
    }

    @Test
    void the_filter_leaves_other_aggregates_snapshots_alone() {
        GenericDomainEventEntry<byte[]> order = new GenericDomainEventEntry<>("Order", "o-1", 3, "snapshot-2",
                Instant.now(), "dev.orderly.domain.order.Order", null, "{}".getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(axonsSnapshotFilter().allow(order)).isTrue();
    }
}
