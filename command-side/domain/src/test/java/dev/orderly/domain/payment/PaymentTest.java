package dev.orderly.domain.payment;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.payment.BeginPaymentAttemptCommand;
import dev.orderly.command.payment.CancelPaymentCommand;
import dev.orderly.command.payment.FlagPaymentForAttentionCommand;
import dev.orderly.command.payment.ManualResolution;
import dev.orderly.command.payment.OrderPaymentClaim;
import dev.orderly.command.payment.PaymentAttempt;
import dev.orderly.command.payment.PaymentAttemptStartedEvent;
import dev.orderly.command.payment.PaymentAuthorizedEvent;
import dev.orderly.command.payment.PaymentCancellationRequestedEvent;
import dev.orderly.command.payment.PaymentCancelledEvent;
import dev.orderly.command.payment.PaymentCapturedEvent;
import dev.orderly.command.payment.PaymentDeclinedEvent;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.PaymentNeedsAttentionEvent;
import dev.orderly.command.payment.PaymentOrigin;
import dev.orderly.command.payment.PaymentOutcomeUnknownEvent;
import dev.orderly.command.payment.PaymentRefundRequestedEvent;
import dev.orderly.command.payment.PaymentRefundedEvent;
import dev.orderly.command.payment.PaymentRequestedEvent;
import dev.orderly.command.payment.PaymentResolvedManuallyEvent;
import dev.orderly.command.payment.RecordPaymentAuthorizedCommand;
import dev.orderly.command.payment.RecordPaymentCancelledCommand;
import dev.orderly.command.payment.RecordPaymentCapturedCommand;
import dev.orderly.command.payment.RecordPaymentDeclinedCommand;
import dev.orderly.command.payment.RecordPaymentOutcomeUnknownCommand;
import dev.orderly.command.payment.RecordPaymentRefundedCommand;
import dev.orderly.command.payment.RefundId;
import dev.orderly.command.payment.RefundPaymentCommand;
import dev.orderly.command.payment.RequestPaymentCommand;
import dev.orderly.command.payment.ResolvePaymentManuallyCommand;
import dev.orderly.command.payment.SettleWindow;
import dev.orderly.domain.FixtureClock;
import dev.orderly.domain.InMemoryOrderPaymentClaims;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.TestExecutor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

class PaymentTest {

    private static final PaymentId PAYMENT = PaymentId.of("00000000-0000-0000-0000-000000000001");
    private static final OrderId ORDER = OrderId.of("00000000-0000-0000-0000-0000000000a1");
    private static final Money EUR_20 = new Money(2000, "EUR");
    private static final String KEY = PAYMENT.idempotencyKey();
    private static final String TOKEN = "tok_5f3a9c0e1b7d4a2c8e6f0b1d";
    private static final RefundId REFUND = RefundId.of("00000000-0000-0000-0000-0000000000f1");

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant DEADLINE = START.plus(Duration.ofMinutes(15));
    private static final SettleWindow SETTLE = new SettleWindow(Duration.ofSeconds(30));
    private static final Instant SETTLED = START.plus(Duration.ofMinutes(1));

    private FixtureConfiguration<Payment> fixture;
    /** The order placed under {@link #ORDER} has taken its payment for its fulfilment, as placing it does. */
    private InMemoryOrderPaymentClaims claims;

    @BeforeEach
    void newFixture() {
        AggregateTestFixture<Payment> payments = new AggregateTestFixture<>(Payment.class);
        payments.registerInjectableResource(SETTLE);
        payments.registerInjectableResource(new FixtureClock(payments));
        claims = InMemoryOrderPaymentClaims.holding(new OrderPaymentClaim(ORDER, PaymentOrigin.FULFILMENT, EUR_20));
        payments.registerInjectableResource(claims);
        fixture = payments;
    }

    private TestExecutor<Payment> given(Object... events) {
        return fixture.givenCurrentTime(START).andGiven(events);
    }

    private PaymentRequestedEvent requested() {
        return new PaymentRequestedEvent(PAYMENT, ORDER, EUR_20, TOKEN, KEY, DEADLINE, "deadline-1");
    }

    private static PaymentAttemptStartedEvent attempt(int number) {
        return new PaymentAttemptStartedEvent(PAYMENT, ORDER, number, KEY);
    }

    private static PaymentCapturedEvent captured() {
        return new PaymentCapturedEvent(PAYMENT, ORDER, "pay_1", EUR_20);
    }

    @Test
    void records_the_intent_with_a_key_derived_from_the_payment_id_and_schedules_its_deadline() {
        fixture.givenCurrentTime(START)
               .when(new RequestPaymentCommand(PAYMENT, ORDER, EUR_20, TOKEN, DEADLINE, PaymentOrigin.FULFILMENT))
               .expectSuccessfulHandlerExecution()
               .expectEventsMatching(payloadsMatching(exactSequenceOf(matches((PaymentRequestedEvent event) ->
                       event.idempotencyKey().equals("orderly-pay-" + PAYMENT.value())
                               && event.amount().equals(EUR_20) && event.deadline().equals(DEADLINE)
                               && event.deadlineId() != null), andNoMore())))
               .expectScheduledDeadlineWithName(Duration.ofMinutes(15), Payment.DEADLINE);
    }

    @Test
    void refuses_an_intent_without_a_positive_amount() {
        fixture.givenCurrentTime(START)
               .when(new RequestPaymentCommand(PAYMENT, ORDER, new Money(0, "EUR"), TOKEN, DEADLINE,
                       PaymentOrigin.FULFILMENT))
               .expectException(CommandRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void refuses_a_payments_api_request_for_an_order_id_an_order_was_placed_under() {
        fixture.givenCurrentTime(START)
               .when(new RequestPaymentCommand(PAYMENT, ORDER, EUR_20, TOKEN, DEADLINE, PaymentOrigin.PAYMENTS_API))
               .expectException(CommandRefusedException.class)
               .expectExceptionMessage("order " + ORDER + " is paid through its fulfilment")
               .expectNoEvents()
               .expectNoScheduledDeadlines();
    }

    @Test
    void takes_a_free_order_id_for_the_payments_api_and_admits_the_same_request_again_but_not_another_amount() {
        OrderId alone = OrderId.of("00000000-0000-0000-0000-0000000000a2");
        PaymentId paid = PaymentId.forOrder(alone);
        fixture.givenCurrentTime(START)
               .when(new RequestPaymentCommand(paid, alone, EUR_20, TOKEN, DEADLINE, PaymentOrigin.PAYMENTS_API))
               .expectSuccessfulHandlerExecution();
        assertThat(claims.find(alone)).contains(new OrderPaymentClaim(alone, PaymentOrigin.PAYMENTS_API, EUR_20));
        // the same request again passes the rule (the event store then says the stream exists: the outbox's repeat)
        assertThat(claims.find(alone).orElseThrow()
                .admits(new OrderPaymentClaim(alone, PaymentOrigin.PAYMENTS_API, EUR_20))).isTrue();

        newFixture();
        claims.claim(new OrderPaymentClaim(alone, PaymentOrigin.PAYMENTS_API, EUR_20));
        fixture.givenCurrentTime(START)
               .when(new RequestPaymentCommand(paid, alone, new Money(2100, "EUR"), TOKEN, DEADLINE,
                       PaymentOrigin.PAYMENTS_API))
               .expectException(CommandRefusedException.class)
               .expectExceptionMessage("order " + alone + " already has a payment requested through the payments API,"
                       + " with other details")
               .expectNoEvents();
    }

    @Test
    void refuses_the_fulfilments_payment_of_an_order_id_paid_through_the_payments_api() {
        newFixture();
        OrderId alone = OrderId.of("00000000-0000-0000-0000-0000000000a3");
        claims.claim(new OrderPaymentClaim(alone, PaymentOrigin.PAYMENTS_API, EUR_20));
        fixture.givenCurrentTime(START)
               .when(new RequestPaymentCommand(PaymentId.forOrder(alone), alone, EUR_20, TOKEN, DEADLINE,
                       PaymentOrigin.FULFILMENT))
               .expectException(CommandRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void sets_the_in_flight_flag_before_the_provider_is_called_and_hands_out_the_same_key() {
        given(requested())
               .when(new BeginPaymentAttemptCommand(PAYMENT))
               .expectEvents(attempt(1))
               .expectResultMessagePayload(new PaymentAttempt(PAYMENT, ORDER.toString(), 1, KEY, EUR_20, TOKEN));
    }

    @Test
    void a_second_attempt_after_an_unknown_outcome_reuses_the_key() {
        given(requested(), attempt(1), new PaymentOutcomeUnknownEvent(PAYMENT, ORDER, 1, "timeout"))
               .andGivenCurrentTime(SETTLED)
               .when(new BeginPaymentAttemptCommand(PAYMENT))
               .expectEvents(attempt(2))
               .expectResultMessagePayload(new PaymentAttempt(PAYMENT, ORDER.toString(), 2, KEY, EUR_20, TOKEN));
    }

    @Test
    void refuses_a_second_attempt_while_the_first_may_still_settle_at_the_provider() {
        given(requested(), attempt(1), new PaymentOutcomeUnknownEvent(PAYMENT, ORDER, 1, "timeout"))
               .when(new BeginPaymentAttemptCommand(PAYMENT))
               .expectException(CommandRefusedException.class)
               .expectExceptionDetails(new dev.orderly.command.Refusal(Payment.ATTEMPT_SETTLING,
                       "payment " + PAYMENT + ": another attempt waits until attempt 1 has settled at the provider"))
               .expectNoEvents();
    }

    @Test
    void the_settle_window_is_the_configured_one_not_a_default() {
        AggregateTestFixture<Payment> longWindow = new AggregateTestFixture<>(Payment.class);
        longWindow.registerInjectableResource(new SettleWindow(Duration.ofMinutes(2)));
        longWindow.registerInjectableResource(new FixtureClock(longWindow));

        longWindow.givenCurrentTime(START)
                  .andGiven(requested(), attempt(1), new PaymentOutcomeUnknownEvent(PAYMENT, ORDER, 1, "timeout"))
                  .andGivenCurrentTime(SETTLED)
                  .when(new BeginPaymentAttemptCommand(PAYMENT))
                  .expectException(CommandRefusedException.class)
                  .expectNoEvents();
    }

    @Test
    void decides_by_the_clock_it_is_given_not_by_a_static_one() {
        AggregateTestFixture<Payment> later = new AggregateTestFixture<>(Payment.class);
        later.registerInjectableResource(SETTLE);
        later.registerInjectableResource(Clock.fixed(SETTLED, ZoneOffset.UTC));

        later.givenCurrentTime(START)
             .andGiven(requested(), attempt(1), new PaymentOutcomeUnknownEvent(PAYMENT, ORDER, 1, "timeout"))
             .when(new BeginPaymentAttemptCommand(PAYMENT))
             .expectEvents(attempt(2));
    }

    @Test
    void refuses_an_attempt_once_cancellation_was_requested() {
        given(requested(), new PaymentCancellationRequestedEvent(PAYMENT, ORDER, "deadline"))
               .when(new BeginPaymentAttemptCommand(PAYMENT))
               .expectException(CommandRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void refuses_an_attempt_once_captured() {
        given(requested(), attempt(1), captured())
               .when(new BeginPaymentAttemptCommand(PAYMENT))
               .expectException(CommandRefusedException.class);
    }

    @Test
    void records_a_capture_and_cancels_the_deadline() {
        given(requested(), attempt(1))
               .when(new RecordPaymentCapturedCommand(PAYMENT, "pay_1", EUR_20))
               .expectEvents(captured());
    }

    @Test
    void a_repeated_capture_is_a_no_op() {
        given(requested(), attempt(1), captured())
               .when(new RecordPaymentCapturedCommand(PAYMENT, "pay_1", EUR_20))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }

    @Test
    void records_an_authorization_and_ignores_its_repeat() {
        given(requested(), attempt(1))
               .when(new RecordPaymentAuthorizedCommand(PAYMENT, "pay_1"))
               .expectEvents(new PaymentAuthorizedEvent(PAYMENT, ORDER, "pay_1"));
        newFixture();
        given(requested(), attempt(1), new PaymentAuthorizedEvent(PAYMENT, ORDER, "pay_1"))
               .when(new RecordPaymentAuthorizedCommand(PAYMENT, "pay_1"))
               .expectNoEvents();
    }

    @Test
    void captures_an_authorized_payment() {
        given(requested(), attempt(1), new PaymentAuthorizedEvent(PAYMENT, ORDER, "pay_1"))
               .when(new RecordPaymentCapturedCommand(PAYMENT, "pay_1", EUR_20))
               .expectEvents(captured());
    }

    @Test
    void records_a_decline_with_its_reason_and_ignores_its_repeat() {
        given(requested(), attempt(1))
               .when(new RecordPaymentDeclinedCommand(PAYMENT, "pay_1", "insufficient_funds"))
               .expectEvents(new PaymentDeclinedEvent(PAYMENT, ORDER, "pay_1", "insufficient_funds"));
        newFixture();
        given(requested(), attempt(1), new PaymentDeclinedEvent(PAYMENT, ORDER, "pay_1", "card_declined"))
               .when(new RecordPaymentDeclinedCommand(PAYMENT, "pay_1", "card_declined"))
               .expectNoEvents();
    }

    @Test
    void refuses_a_decline_after_a_capture() {
        given(requested(), attempt(1), captured())
               .when(new RecordPaymentDeclinedCommand(PAYMENT, "pay_1", "card_declined"))
               .expectException(CommandRefusedException.class);
    }

    @Test
    void records_an_unknown_outcome_of_the_attempt_in_flight() {
        given(requested(), attempt(1))
               .when(new RecordPaymentOutcomeUnknownCommand(PAYMENT, 1, "read timed out"))
               .expectEvents(new PaymentOutcomeUnknownEvent(PAYMENT, ORDER, 1, "read timed out"));
    }

    @Test
    void an_unknown_outcome_after_a_capture_changes_nothing() {
        given(requested(), attempt(1), captured())
               .when(new RecordPaymentOutcomeUnknownCommand(PAYMENT, 1, "late timeout"))
               .expectNoEvents();
    }

    @Test
    void the_deadline_asks_for_cancellation_of_an_unpaid_intent() {
        fixture.givenCurrentTime(START)
               .andGivenCommands(new RequestPaymentCommand(PAYMENT, ORDER, EUR_20, TOKEN, DEADLINE, PaymentOrigin.FULFILMENT),
                                 new BeginPaymentAttemptCommand(PAYMENT),
                                 new RecordPaymentOutcomeUnknownCommand(PAYMENT, 1, "timeout"))
               .whenTimeElapses(Duration.ofMinutes(16))
               .expectTriggeredDeadlinesWithName(Payment.DEADLINE)
               .expectEvents(new PaymentCancellationRequestedEvent(PAYMENT, ORDER, Payment.DEADLINE_REASON));
    }

    @Test
    void a_capture_cancels_the_deadline_so_it_never_fires() {
        fixture.givenCurrentTime(START)
               .andGivenCommands(new RequestPaymentCommand(PAYMENT, ORDER, EUR_20, TOKEN, DEADLINE, PaymentOrigin.FULFILMENT),
                                 new BeginPaymentAttemptCommand(PAYMENT),
                                 new RecordPaymentCapturedCommand(PAYMENT, "pay_1", EUR_20))
               .whenTimeElapses(Duration.ofMinutes(16))
               .expectNoScheduledDeadlines()
               .expectNoEvents();
    }

    @Test
    void cancels_once_the_provider_confirms_nothing_is_charged() {
        given(requested(), attempt(1), new PaymentOutcomeUnknownEvent(PAYMENT, ORDER, 1, "timeout"),
                      new PaymentCancellationRequestedEvent(PAYMENT, ORDER, "deadline"))
               .andGivenCurrentTime(SETTLED)
               .when(new RecordPaymentCancelledCommand(PAYMENT, "deadline"))
               .expectEvents(new PaymentCancelledEvent(PAYMENT, ORDER, "deadline"));
    }

    @Test
    void refuses_to_cancel_while_the_last_charge_attempt_may_still_settle() {
        given(requested(), attempt(1), new PaymentCancellationRequestedEvent(PAYMENT, ORDER, "deadline"))
               .when(new RecordPaymentCancelledCommand(PAYMENT, "deadline"))
               .expectException(CommandRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void records_a_capture_found_while_cancelling_instead_of_the_cancellation() {
        given(requested(), attempt(1), new PaymentOutcomeUnknownEvent(PAYMENT, ORDER, 1, "timeout"),
                      new PaymentCancellationRequestedEvent(PAYMENT, ORDER, "deadline"))
               .when(new RecordPaymentCapturedCommand(PAYMENT, "pay_1", EUR_20))
               .expectEvents(captured());
    }

    @Test
    void refuses_a_capture_after_the_payment_was_cancelled() {
        given(requested(), new PaymentCancellationRequestedEvent(PAYMENT, ORDER, "deadline"),
                      new PaymentCancelledEvent(PAYMENT, ORDER, "deadline"))
               .when(new RecordPaymentCapturedCommand(PAYMENT, "pay_1", EUR_20))
               .expectException(CommandRefusedException.class)
               .expectExceptionMessage(org.hamcrest.Matchers.containsString("capture refused"))
               .expectNoEvents();
    }

    @Test
    void a_settled_payment_is_not_flagged_but_a_cancelled_one_is() {
        given(requested(), attempt(1), captured())
               .when(new FlagPaymentForAttentionCommand(PAYMENT, "5 attempts ended without an answer"))
               .expectNoEvents();
        newFixture();
        given(requested(), new PaymentCancellationRequestedEvent(PAYMENT, ORDER, "deadline"),
              new PaymentCancelledEvent(PAYMENT, ORDER, "deadline"))
               .when(new FlagPaymentForAttentionCommand(PAYMENT, "provider reports a capture after cancellation"))
               .expectEvents(new PaymentNeedsAttentionEvent(PAYMENT, ORDER,
                       "provider reports a capture after cancellation"));
    }

    @Test
    void a_repeated_cancellation_is_a_no_op() {
        given(requested(), new PaymentCancellationRequestedEvent(PAYMENT, ORDER, "deadline"),
                      new PaymentCancelledEvent(PAYMENT, ORDER, "deadline"))
               .when(new RecordPaymentCancelledCommand(PAYMENT, "deadline"))
               .expectNoEvents();
    }

    @Test
    void refuses_to_cancel_a_captured_payment() {
        given(requested(), attempt(1), captured())
               .when(new CancelPaymentCommand(PAYMENT, "customer"))
               .expectException(CommandRefusedException.class);
    }

    @Test
    void asks_for_cancellation_of_an_authorized_payment() {
        given(requested(), attempt(1), new PaymentAuthorizedEvent(PAYMENT, ORDER, "pay_1"))
               .when(new CancelPaymentCommand(PAYMENT, "customer"))
               .expectEvents(new PaymentCancellationRequestedEvent(PAYMENT, ORDER, "customer"));
    }

    @Test
    void flags_a_payment_for_attention_once() {
        given(requested(), attempt(1), new PaymentOutcomeUnknownEvent(PAYMENT, ORDER, 1, "timeout"))
               .when(new FlagPaymentForAttentionCommand(PAYMENT, "attempts exhausted"))
               .expectEvents(new PaymentNeedsAttentionEvent(PAYMENT, ORDER, "attempts exhausted"));
        newFixture();
        given(requested(), new PaymentNeedsAttentionEvent(PAYMENT, ORDER, "attempts exhausted"))
               .when(new FlagPaymentForAttentionCommand(PAYMENT, "attempts exhausted"))
               .expectNoEvents();
    }

    @Test
    void an_operator_resolves_a_payment_needing_attention_on_the_record() {
        given(requested(), new PaymentNeedsAttentionEvent(PAYMENT, ORDER, "attempts exhausted"))
               .when(new ResolvePaymentManuallyCommand(PAYMENT, "olga", ManualResolution.CAPTURED, "seen in portal"))
               .expectEvents(new PaymentResolvedManuallyEvent(PAYMENT, ORDER, "olga", ManualResolution.CAPTURED,
                       "seen in portal"));
    }

    @Test
    void refuses_a_manual_resolution_of_a_payment_that_needs_none() {
        given(requested(), attempt(1), captured())
               .when(new ResolvePaymentManuallyCommand(PAYMENT, "olga", ManualResolution.NOT_CHARGED, "?"))
               .expectException(CommandRefusedException.class);
    }

    @Test
    void refunds_part_of_a_capture_then_the_rest() {
        RefundId second = RefundId.of("00000000-0000-0000-0000-0000000000f2");
        given(requested(), attempt(1), captured(),
                      new PaymentRefundRequestedEvent(PAYMENT, ORDER, REFUND, new Money(500, "EUR"), "partial",
                              REFUND.idempotencyKey()),
                      new PaymentRefundedEvent(PAYMENT, ORDER, REFUND, new Money(500, "EUR"), "re_1"))
               .when(new RefundPaymentCommand(PAYMENT, second, new Money(1500, "EUR"), "rest"))
               .expectEvents(new PaymentRefundRequestedEvent(PAYMENT, ORDER, second, new Money(1500, "EUR"), "rest",
                       second.idempotencyKey()));
    }

    @Test
    void refuses_a_refund_above_what_was_captured() {
        given(requested(), attempt(1), captured(),
                      new PaymentRefundRequestedEvent(PAYMENT, ORDER, REFUND, new Money(1500, "EUR"), "partial",
                              REFUND.idempotencyKey()))
               .when(new RefundPaymentCommand(PAYMENT, RefundId.random(), new Money(501, "EUR"), "too much"))
               .expectException(CommandRefusedException.class)
               .expectNoEvents();
    }

    @Test
    void refuses_a_refund_of_a_payment_never_captured() {
        given(requested(), attempt(1))
               .when(new RefundPaymentCommand(PAYMENT, REFUND, new Money(100, "EUR"), "oops"))
               .expectException(CommandRefusedException.class);
    }

    @Test
    void a_repeated_refund_request_and_a_repeated_refund_answer_are_no_ops() {
        given(requested(), attempt(1), captured(),
                      new PaymentRefundRequestedEvent(PAYMENT, ORDER, REFUND, EUR_20, "full", REFUND.idempotencyKey()))
               .when(new RefundPaymentCommand(PAYMENT, REFUND, EUR_20, "full"))
               .expectNoEvents();
        newFixture();
        given(requested(), attempt(1), captured(),
                      new PaymentRefundRequestedEvent(PAYMENT, ORDER, REFUND, EUR_20, "full", REFUND.idempotencyKey()),
                      new PaymentRefundedEvent(PAYMENT, ORDER, REFUND, EUR_20, "re_1"))
               .when(new RecordPaymentRefundedCommand(PAYMENT, REFUND, EUR_20, "re_1"))
               .expectNoEvents();
    }

    @Test
    void records_a_full_refund() {
        given(requested(), attempt(1), captured(),
                      new PaymentRefundRequestedEvent(PAYMENT, ORDER, REFUND, EUR_20, "full", REFUND.idempotencyKey()))
               .when(new RecordPaymentRefundedCommand(PAYMENT, REFUND, EUR_20, "re_1"))
               .expectEvents(new PaymentRefundedEvent(PAYMENT, ORDER, REFUND, EUR_20, "re_1"));
    }
}
