package dev.orderly.domain.payment;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.payment.BeginPaymentAttemptCommand;
import dev.orderly.command.payment.CancelPaymentCommand;
import dev.orderly.command.payment.PaymentAttemptStartedEvent;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.PaymentRefundRequestedEvent;
import dev.orderly.command.payment.PaymentRefundedEvent;
import dev.orderly.command.payment.PaymentRequestedEvent;
import dev.orderly.command.payment.RecordPaymentRefundedCommand;
import dev.orderly.command.payment.RefundId;
import dev.orderly.command.payment.RefundPaymentCommand;
import dev.orderly.command.payment.SettleWindow;
import dev.orderly.domain.FixtureClock;
import dev.orderly.domain.Snapshots;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.axonframework.test.deadline.StubDeadlineManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A payment restored from its snapshot, through Orderly's serializer, decides as the payment replayed from its
 * events: its refunds, keyed by refund id, and which of them the provider confirmed survive, as do its amounts.
 */
class PaymentSnapshotTest {

    private static final PaymentId PAYMENT = PaymentId.of("00000000-0000-0000-0000-000000000001");
    private static final OrderId ORDER = OrderId.of("00000000-0000-0000-0000-0000000000a1");
    private static final Money EUR_20 = new Money(2000, "EUR");
    private static final String KEY = PAYMENT.idempotencyKey();
    private static final RefundId CONFIRMED = RefundId.of("00000000-0000-0000-0000-0000000000f1");
    private static final RefundId REQUESTED = RefundId.of("00000000-0000-0000-0000-0000000000f2");
    private static final RefundId NEW = RefundId.of("00000000-0000-0000-0000-0000000000f3");
    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    private static final SettleWindow SETTLE = new SettleWindow(Duration.ofSeconds(30));

    private static final List<Object> HISTORY = List.of(
            new PaymentRequestedEvent(PAYMENT, ORDER, EUR_20, "tok_5f3a9c0e1b7d", KEY,
                    START.plus(Duration.ofMinutes(15)), "deadline-1"),
            new PaymentAttemptStartedEvent(PAYMENT, ORDER, 1, KEY),
            new PaymentCapturedEvent(PAYMENT, ORDER, "pay_1", EUR_20),
            new PaymentRefundRequestedEvent(PAYMENT, ORDER, CONFIRMED, new Money(500, "EUR"), "partial",
                    CONFIRMED.idempotencyKey()),
            new PaymentRefundedEvent(PAYMENT, ORDER, CONFIRMED, new Money(500, "EUR"), "re_1"),
            new PaymentRefundRequestedEvent(PAYMENT, ORDER, REQUESTED, new Money(1000, "EUR"), "more",
                    REQUESTED.idempotencyKey()));

    private static TestExecutor<Payment> given(String source) {
        AggregateTestFixture<Payment> fixture = new AggregateTestFixture<>(Payment.class);
        fixture.registerInjectableResource(SETTLE);
        fixture.registerInjectableResource(new FixtureClock(fixture));
        if (source.startsWith("replayed")) {
            return fixture.givenCurrentTime(START).andGiven(HISTORY);
        }
        // the fixture re-sources a changed aggregate from the same snapshot instance: its state check does not apply
        fixture.setReportIllegalStateChange(false);
        return fixture.givenCurrentTime(START).andGiven(List.of(snapshot()));
    }

    private static org.axonframework.eventhandling.DomainEventMessage<Payment> snapshot() {
        return Snapshots.of(Payment.class, PAYMENT.toString(), HISTORY, new StubDeadlineManager(), SETTLE,
                Clock.systemUTC());
    }

    @Test
    void the_snapshot_keys_refunds_by_the_plain_refund_id() {
        assertThat(Snapshots.json(snapshot())).contains("\"" + CONFIRMED + "\":", "\"" + REQUESTED + "\":");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"replayed from its events", "restored from its snapshot"})
    void records_the_providers_answer_to_a_requested_refund_at_its_amount(String source) {
        given(source).when(new RecordPaymentRefundedCommand(PAYMENT, REQUESTED, new Money(1000, "EUR"), "re_2"))
                .expectEvents(new PaymentRefundedEvent(PAYMENT, ORDER, REQUESTED, new Money(1000, "EUR"), "re_2"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"replayed from its events", "restored from its snapshot"})
    void a_repeated_answer_and_a_repeated_request_change_nothing(String source) {
        given(source).when(new RecordPaymentRefundedCommand(PAYMENT, CONFIRMED, new Money(500, "EUR"), "re_1"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        given(source).when(new RefundPaymentCommand(PAYMENT, REQUESTED, new Money(1000, "EUR"), "more"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"replayed from its events", "restored from its snapshot"})
    void refunds_what_is_left_and_refuses_a_cent_more(String source) {
        given(source).when(new RefundPaymentCommand(PAYMENT, NEW, new Money(501, "EUR"), "too much"))
                .expectException(CommandRefusedException.class).expectNoEvents();
        given(source).when(new RefundPaymentCommand(PAYMENT, NEW, new Money(500, "EUR"), "rest"))
                .expectEvents(new PaymentRefundRequestedEvent(PAYMENT, ORDER, NEW, new Money(500, "EUR"), "rest",
                        NEW.idempotencyKey()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"replayed from its events", "restored from its snapshot"})
    void a_captured_payment_is_neither_charged_nor_cancelled_again(String source) {
        given(source).when(new BeginPaymentAttemptCommand(PAYMENT))
                .expectException(CommandRefusedException.class).expectNoEvents();
        given(source).when(new CancelPaymentCommand(PAYMENT, "too late"))
                .expectException(CommandRefusedException.class).expectNoEvents();
    }
}
