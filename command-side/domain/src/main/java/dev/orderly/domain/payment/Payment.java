package dev.orderly.domain.payment;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.payment.BeginPaymentAttemptCommand;
import dev.orderly.command.payment.CancelPaymentCommand;
import dev.orderly.command.payment.FlagPaymentForAttentionCommand;
import dev.orderly.command.payment.ManualResolution;
import dev.orderly.command.payment.OrderPaymentClaim;
import dev.orderly.command.payment.OrderPaymentClaims;
import dev.orderly.command.payment.PaymentAttempt;
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
import dev.orderly.command.payment.RecordPaymentAuthorizedCommand;
import dev.orderly.command.payment.RecordPaymentCancelledCommand;
import dev.orderly.command.payment.RecordPaymentCapturedCommand;
import dev.orderly.command.payment.RecordPaymentDeclinedCommand;
import dev.orderly.command.payment.RecordPaymentOutcomeUnknownCommand;
import dev.orderly.command.payment.RecordPaymentRefundedCommand;
import dev.orderly.command.payment.RefundPaymentCommand;
import dev.orderly.command.payment.RequestPaymentCommand;
import dev.orderly.command.payment.ResolvePaymentManuallyCommand;
import dev.orderly.command.payment.SettleWindow;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;

import static dev.orderly.domain.payment.PaymentStatus.AUTHORIZED;
import static dev.orderly.domain.payment.PaymentStatus.CANCELLED;
import static dev.orderly.domain.payment.PaymentStatus.CANCEL_PENDING;
import static dev.orderly.domain.payment.PaymentStatus.CAPTURED;
import static dev.orderly.domain.payment.PaymentStatus.DECLINED;
import static dev.orderly.domain.payment.PaymentStatus.NEEDS_ATTENTION;
import static dev.orderly.domain.payment.PaymentStatus.OUTCOME_UNKNOWN;
import static dev.orderly.domain.payment.PaymentStatus.REQUESTED;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A payment in two phases: the intent and its one idempotency key are recorded first, then every answer of the
 * provider is recorded as it comes. It decides which answers still make sense: a repeated answer changes nothing, a
 * contradictory one is refused, and a charge is attempted only while the payment still awaits one. The settle window
 * and the clock it is measured by are given to the handlers that need them (beans in production, the fixture's own
 * in tests), never read from a static. The calls to the provider ({@link ProviderAttempts}) and the refunds
 * ({@link Refunds}) are values of their own, which this class asks and replaces.
 * <p>
 * The revision is its snapshot's: a snapshot is the private fields, so a change to them bumps it, and the snapshots
 * of another revision are ignored (Axon's revision filter): the payment is then loaded from its events.
 * <p>
 * Longer than 300 lines: each provider answer's decision by status and the handler that sources its state, which a
 * reader checks against each other, stay in this class (Axon routes commands and events to the aggregate itself).
 */
@Aggregate
@Revision("2")
public class Payment {

    static final String DEADLINE = "payment-deadline";
    static final String DEADLINE_REASON = "payment deadline passed";

    public static final String INVALID_AMOUNT = "invalid-amount";
    public static final String NOT_CHARGEABLE = "payment-not-chargeable";
    public static final String ATTEMPT_SETTLING = BeginPaymentAttemptCommand.SETTLING;
    public static final String ALREADY_CAPTURED = "already-captured";
    public static final String CAPTURE_AFTER_CANCEL = "capture-after-cancel";
    public static final String INVALID_STATE = "invalid-payment-state";
    public static final String NOT_NEEDING_ATTENTION = "payment-not-needing-attention";

    @AggregateIdentifier
    private PaymentId paymentId;
    private OrderId orderId;
    private Charge charge;
    private String deadlineId;
    private PaymentStatus status;
    private ProviderAttempts attempts = ProviderAttempts.NONE;
    private Refunds refunds = Refunds.NONE;

    protected Payment() {
        // required by Axon to rebuild the aggregate from its events
    }

    /** The order id's one payment: refused when its order's fulfilment or another request holds it. */
    @CommandHandler
    public Payment(RequestPaymentCommand command, DeadlineManager deadlines, OrderPaymentClaims payments) {
        Money amount = command.amount();
        Charge.refuseUnlessChargeable(amount);
        OnePaymentPerOrder.claim(payments, new OrderPaymentClaim(command.orderId(), command.origin(), amount));
        String deadlineId = deadlines.schedule(command.deadline(), DEADLINE);
        apply(new PaymentRequestedEvent(command.paymentId(), command.orderId(), amount, command.cardToken(),
                command.paymentId().idempotencyKey(), command.deadline(), deadlineId));
    }

    @CommandHandler
    public PaymentAttempt handle(BeginPaymentAttemptCommand command, SettleWindow settleWindow, Clock clock) {
        if (!status.awaitsCharge()) {
            throw new CommandRefusedException(NOT_CHARGEABLE, "payment " + paymentId + " is " + status
                    + " and no longer awaits a charge");
        }
        attempts.refuseWhileSettling(paymentId, settleWindow, clock, "another attempt");
        int attempt = attempts.next();
        apply(new PaymentAttemptStartedEvent(paymentId, orderId, attempt, charge.idempotencyKey()));
        return charge.attempt(paymentId, orderId, attempt);
    }

    @CommandHandler
    public void handle(RecordPaymentAuthorizedCommand command) {
        switch (status) {
            case REQUESTED, OUTCOME_UNKNOWN, CANCEL_PENDING, NEEDS_ATTENTION ->
                    apply(new PaymentAuthorizedEvent(paymentId, orderId, command.providerPaymentId()));
            case AUTHORIZED, CAPTURED -> { /* the provider told us again */ }
            default -> throw refusedIn(INVALID_STATE, "authorization");
        }
    }

    @CommandHandler
    public void handle(RecordPaymentCapturedCommand command, DeadlineManager deadlines) {
        switch (status) {
            case REQUESTED, OUTCOME_UNKNOWN, AUTHORIZED, CANCEL_PENDING, NEEDS_ATTENTION -> {
                deadlines.cancelSchedule(DEADLINE, deadlineId);
                apply(new PaymentCapturedEvent(paymentId, orderId, command.providerPaymentId(), command.amount()));
            }
            case CAPTURED -> { /* the provider told us again */ }
            case CANCELLED -> throw refusedIn(CAPTURE_AFTER_CANCEL, "capture");
            default -> throw refusedIn(INVALID_STATE, "capture");
        }
    }

    @CommandHandler
    public void handle(RecordPaymentDeclinedCommand command, DeadlineManager deadlines) {
        switch (status) {
            case REQUESTED, OUTCOME_UNKNOWN, CANCEL_PENDING, NEEDS_ATTENTION -> {
                deadlines.cancelSchedule(DEADLINE, deadlineId);
                apply(new PaymentDeclinedEvent(paymentId, orderId, command.providerPaymentId(), command.reason()));
            }
            case DECLINED -> { /* the provider told us again */ }
            default -> throw refusedIn(INVALID_STATE, "decline");
        }
    }

    @CommandHandler
    public boolean handle(RecordPaymentOutcomeUnknownCommand command) {
        if ((status.awaitsCharge() || status == CANCEL_PENDING) && attempts.inFlight()) {
            apply(new PaymentOutcomeUnknownEvent(paymentId, orderId, command.attempt(), command.detail()));
            return true;
        }
        return false;
    }

    @CommandHandler
    public void handle(CancelPaymentCommand command) {
        switch (status) {
            case REQUESTED, OUTCOME_UNKNOWN, AUTHORIZED, NEEDS_ATTENTION ->
                    apply(new PaymentCancellationRequestedEvent(paymentId, orderId, command.reason()));
            case CANCEL_PENDING, CANCELLED, DECLINED -> { /* already on its way out */ }
            default -> throw refusedIn(ALREADY_CAPTURED, "cancellation; refund it instead");
        }
    }

    @DeadlineHandler(deadlineName = DEADLINE)
    public void onDeadline() {
        if (status == REQUESTED || status == OUTCOME_UNKNOWN || status == AUTHORIZED) {
            apply(new PaymentCancellationRequestedEvent(paymentId, orderId, DEADLINE_REASON));
        }
    }

    @CommandHandler
    public void handle(RecordPaymentCancelledCommand command, DeadlineManager deadlines, SettleWindow settleWindow,
                       Clock clock) {
        switch (status) {
            case CANCEL_PENDING, REQUESTED, OUTCOME_UNKNOWN, AUTHORIZED -> {
                attempts.refuseWhileSettling(paymentId, settleWindow, clock, "cancellation");
                deadlines.cancelSchedule(DEADLINE, deadlineId);
                apply(new PaymentCancelledEvent(paymentId, orderId, command.reason()));
            }
            case CANCELLED -> { /* the provider told us again */ }
            case CAPTURED -> throw refusedIn(ALREADY_CAPTURED, "cancellation");
            default -> throw refusedIn(INVALID_STATE, "cancellation");
        }
    }

    /**
     * A settled payment (captured, declined) is left alone; a cancelled one may still be flagged, because the
     * provider reporting a capture after the cancellation is exactly what a person must see.
     */
    @CommandHandler
    public void handle(FlagPaymentForAttentionCommand command) {
        if (status != NEEDS_ATTENTION && status != CAPTURED && status != DECLINED) {
            apply(new PaymentNeedsAttentionEvent(paymentId, orderId, command.reason()));
        }
    }

    @CommandHandler
    public void handle(ResolvePaymentManuallyCommand command, DeadlineManager deadlines) {
        if (status != NEEDS_ATTENTION) {
            throw refusedIn(NOT_NEEDING_ATTENTION, "manual resolution");
        }
        deadlines.cancelSchedule(DEADLINE, deadlineId);
        apply(new PaymentResolvedManuallyEvent(paymentId, orderId, command.operator(), command.resolution(),
                command.note()));
    }

    @CommandHandler
    public void handle(RefundPaymentCommand command) {
        if (refunds.known(command.refundId())) {
            return;
        }
        if (status != CAPTURED) {
            throw refusedIn(INVALID_STATE, "refund");
        }
        refunds.refuseUnlessRoomFor(command.amount());
        apply(new PaymentRefundRequestedEvent(paymentId, orderId, command.refundId(), command.amount(),
                command.reason(), command.refundId().idempotencyKey()));
    }

    @CommandHandler
    public void handle(RecordPaymentRefundedCommand command) {
        refunds.toRecordAsPaid(command.refundId()).ifPresent(amount -> apply(new PaymentRefundedEvent(paymentId,
                orderId, command.refundId(), amount, command.providerRefundId())));
    }

    private CommandRefusedException refusedIn(String code, String what) {
        return new CommandRefusedException(code, "payment " + paymentId + " is " + status + ": " + what
                + " refused");
    }

    @EventSourcingHandler
    void on(PaymentRequestedEvent event) {
        paymentId = event.paymentId();
        orderId = event.orderId();
        charge = new Charge(event.amount(), event.cardToken(), event.idempotencyKey());
        deadlineId = event.deadlineId();
        status = REQUESTED;
    }

    @EventSourcingHandler
    void on(PaymentAttemptStartedEvent event, @Timestamp Instant at) {
        attempts = attempts.started(event.attempt(), at);
    }

    @EventSourcingHandler
    void on(PaymentAuthorizedEvent event) {
        attempts = attempts.answered();
        status = status.unlessCancelPending(AUTHORIZED);
    }

    @EventSourcingHandler
    void on(PaymentCapturedEvent event) {
        attempts = attempts.answered();
        status = CAPTURED;
        refunds = refunds.captured(event.amount());
    }

    @EventSourcingHandler
    void on(PaymentDeclinedEvent event) {
        attempts = attempts.answered();
        status = DECLINED;
    }

    @EventSourcingHandler
    void on(PaymentOutcomeUnknownEvent event) {
        attempts = attempts.answered();
        status = status.unlessCancelPending(OUTCOME_UNKNOWN);
    }

    @EventSourcingHandler
    void on(PaymentCancellationRequestedEvent event) {
        status = CANCEL_PENDING;
    }

    @EventSourcingHandler
    void on(PaymentCancelledEvent event) {
        status = CANCELLED;
    }

    @EventSourcingHandler
    void on(PaymentNeedsAttentionEvent event) {
        attempts = attempts.answered();
        status = NEEDS_ATTENTION;
    }

    @EventSourcingHandler
    void on(PaymentResolvedManuallyEvent event) {
        if (event.resolution() == ManualResolution.CAPTURED) {
            status = CAPTURED;
            refunds = refunds.captured(charge.amount());
        } else {
            status = CANCELLED;
        }
    }

    @EventSourcingHandler
    void on(PaymentRefundRequestedEvent event) {
        refunds = refunds.asked(event.refundId(), event.amount());
    }

    @EventSourcingHandler
    void on(PaymentRefundedEvent event) {
        refunds = refunds.paid(event.refundId());
    }
}
