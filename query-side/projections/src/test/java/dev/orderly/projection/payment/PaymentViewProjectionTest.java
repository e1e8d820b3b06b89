package dev.orderly.projection.payment;

import dev.orderly.command.payment.ManualResolution;
import dev.orderly.command.payment.PaymentAttemptStartedEvent;
import dev.orderly.command.payment.PaymentAuthorizedEvent;
import dev.orderly.command.payment.PaymentCancellationRequestedEvent;
import dev.orderly.command.payment.PaymentDeclinedEvent;
import dev.orderly.command.payment.PaymentNeedsAttentionEvent;
import dev.orderly.command.payment.PaymentOutcomeUnknownEvent;
import dev.orderly.projection.OrderEvents;
import dev.orderly.projection.ReadModelDatabase;
import dev.orderly.query.payment.FindPaymentQuery;
import dev.orderly.query.payment.FindPaymentsNeedingAttentionQuery;
import dev.orderly.query.payment.PaymentAttentionView;
import dev.orderly.query.payment.PaymentHistoryEntry;
import dev.orderly.query.payment.PaymentStatus;
import dev.orderly.query.payment.PaymentView;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a change to the payment view must keep: refunds add up to {@code PARTIALLY_REFUNDED} and then
 * {@code REFUNDED}, each counted once however often it is delivered; a payment that needs a person is in the queue
 * with its history until an operator resolves it, and shows what the operator found; a late answer from the provider
 * does not undo a cancellation under way; and the same history delivered again changes nothing.
 */
class PaymentViewProjectionTest {

    private final ReadModelDatabase database = ReadModelDatabase.start();
    private final PaymentViewProjection projection = new PaymentViewProjection(database.jdbc(), database.writes());
    private final OrderEvents events = OrderEvents.fresh();

    {
        database.with(projection);
    }

    @Test
    void a_partial_refund_then_the_rest_makes_it_refunded() {
        publish(events.requested(2000));
        publish(events.captured(2000));

        publish(events.refunded(500));
        assertThat(shown()).extracting(PaymentView::status, PaymentView::capturedAmount, PaymentView::refundedAmount)
                .containsExactly(PaymentStatus.PARTIALLY_REFUNDED, 2000L, 500L);

        publish(events.refunded(1500));
        assertThat(shown()).extracting(PaymentView::status, PaymentView::refundedAmount)
                .containsExactly(PaymentStatus.REFUNDED, 2000L);
    }

    @Test
    void a_refund_delivered_twice_is_counted_once() {
        publish(events.requested(2000));
        publish(events.captured(2000));
        DomainEventMessage<?> half = publish(events.refunded(1000));

        database.redeliver(half);

        assertThat(shown()).extracting(PaymentView::status, PaymentView::refundedAmount)
                .containsExactly(PaymentStatus.PARTIALLY_REFUNDED, 1000L);
    }

    @Test
    void a_payment_that_needs_a_person_waits_in_the_queue_with_its_history_until_resolved() {
        publish(events.requested(700));
        publish(new PaymentAttemptStartedEvent(events.payment(), events.order(), 1, events.payment()
                .idempotencyKey()));
        publish(new PaymentOutcomeUnknownEvent(events.payment(), events.order(), 1, "timeout"));
        publish(new PaymentNeedsAttentionEvent(events.payment(), events.order(), "attempts exhausted"));

        PaymentAttentionView waiting = inQueue().orElseThrow();
        assertThat(waiting.payment().reason()).isEqualTo("attempts exhausted");
        assertThat(waiting.history()).extracting(PaymentHistoryEntry::event).containsExactly("requested",
                "attempt started", "outcome unknown", "needs attention");

        publish(events.resolved(ManualResolution.CAPTURED));

        assertThat(inQueue()).isEmpty();
        assertThat(shown()).extracting(PaymentView::status, PaymentView::capturedAmount, PaymentView::reason)
                .containsExactly(PaymentStatus.CAPTURED, 700L, "resolved by olga: checked the portal");
    }

    @Test
    void a_payment_an_operator_finds_not_charged_is_cancelled_and_can_refund_nothing() {
        publish(events.requested(700));
        publish(new PaymentNeedsAttentionEvent(events.payment(), events.order(), "cancellation unconfirmed"));

        publish(events.resolved(ManualResolution.NOT_CHARGED));

        assertThat(inQueue()).isEmpty();
        assertThat(shown()).extracting(PaymentView::status, PaymentView::capturedAmount)
                .containsExactly(PaymentStatus.CANCELLED, 0L);
    }

    @Test
    void a_late_answer_from_the_provider_does_not_undo_a_cancellation_under_way() {
        publish(events.requested(700));
        publish(new PaymentCancellationRequestedEvent(events.payment(), events.order(), "order cancelled"));

        publish(new PaymentAuthorizedEvent(events.payment(), events.order(), "pay_late"));
        publish(new PaymentOutcomeUnknownEvent(events.payment(), events.order(), 1, "timeout"));

        assertThat(shown().status()).isEqualTo(PaymentStatus.CANCEL_PENDING);
    }

    @Test
    void a_decline_without_a_provider_id_is_shown() {
        publish(events.requested(700));

        publish(new PaymentDeclinedEvent(events.payment(), events.order(), null, "card blocked"));

        assertThat(shown()).extracting(PaymentView::status, PaymentView::providerPaymentId, PaymentView::reason)
                .containsExactly(PaymentStatus.DECLINED, null, "card blocked");
    }

    @Test
    void a_whole_history_delivered_again_changes_nothing() {
        List<DomainEventMessage<?>> history = new ArrayList<>();
        history.add(publish(events.requested(900)));
        history.add(publish(new PaymentAttemptStartedEvent(events.payment(), events.order(), 1,
                events.payment().idempotencyKey())));
        history.add(publish(new PaymentAuthorizedEvent(events.payment(), events.order(), "pay_1")));
        history.add(publish(events.captured(900)));
        history.add(publish(events.refunded(300)));
        PaymentView before = shown();

        history.forEach(database::redeliver);

        assertThat(shown()).isEqualTo(before);
        assertThat(before).extracting(PaymentView::status, PaymentView::attempts, PaymentView::refundedAmount)
                .containsExactly(PaymentStatus.PARTIALLY_REFUNDED, 1, 300L);
        assertThat(database.jdbc().queryForObject("SELECT count(*) FROM payment_history WHERE payment_id = ?",
                Integer.class, events.payment().toString())).isEqualTo(5);
    }

    private DomainEventMessage<?> publish(Object event) {
        return database.publish("Payment", events.payment().toString(), event);
    }

    private PaymentView shown() {
        return projection.handle(new FindPaymentQuery(events.payment())).orElseThrow();
    }

    /** This test's payment in the queue; the queue holds other tests' payments too. */
    private Optional<PaymentAttentionView> inQueue() {
        return projection.handle(new FindPaymentsNeedingAttentionQuery(10_000)).stream()
                .filter(waiting -> waiting.payment().paymentId().equals(events.payment().toString())).findFirst();
    }
}
