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
import dev.orderly.command.payment.RefundId;
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
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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
 * in tests), never read from a static.
 * <p>
 * Longer than 300 lines: every decision of the payment's state machine and the handlers that source its state, which
 * a reader checks against each other, stay in one class (an Axon aggregate is one class, or entities with their own).
 */
@Aggregate
public class Payment {

    static final String DEADLINE = "payment-deadline";
    static final String DEADLINE_REASON = "payment deadline passed";

    public static final String INVALID_AMOUNT = "invalid-amount";
    public static final String NOT_CHARGEABLE = "payment-not-chargeable";
    public static final String ATTEMPT_SETTLING = BeginPaymentAttemptCommand.SETTLING;
    public static final String ALREADY_CAPTURED = "already-captured";
    public static final String CAPTURE_AFTER_CANCEL = "capture-after-cancel";
    public static final String INVALID_STATE = "invalid-payment-state";
    public static final String REFUND_EXCEEDS_CAPTURED = "refund-exceeds-captured";
    public static final String UNKNOWN_REFUND = "unknown-refund";
    public static final String NOT_NEEDING_ATTENTION = "payment-not-needing-attention";

    @AggregateIdentifier
    private PaymentId paymentId;
    private OrderId orderId;
    private Money amount;
    private String cardToken;
    private String idempotencyKey;
    private String deadlineId;
    private PaymentStatus status;
    private int attempts;
    private boolean attemptInFlight;
    private Instant lastAttemptAt;
    private Money captured;
    private Money refundsRequested;
    private final Map<RefundId, Money> refunds = new HashMap<>();
    private final Set<RefundId> refunded = new HashSet<>();

    protected Payment() {
        // required by Axon to rebuild the aggregate from its events
    }

    /** The order id's one payment: refused when its order's fulfilment or another request holds it. */
    @CommandHandler
    public Payment(RequestPaymentCommand command, DeadlineManager deadlines, OrderPaymentClaims payments) {
        Money amount = command.amount();
        if (amount == null || amount.minorUnits() <= 0 || amount.currency() == null
                || !amount.currency().matches("[A-Z]{3}")) {
            throw new CommandRefusedException(INVALID_AMOUNT, "amount must be positive, in an ISO 4217 currency");
        }
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
        refuseWhileSettling(settleWindow, clock, "another attempt");
        int attempt = attempts + 1;
        apply(new PaymentAttemptStartedEvent(paymentId, orderId, attempt, idempotencyKey));
        return new PaymentAttempt(paymentId, orderId.toString(), attempt, idempotencyKey, amount, cardToken);
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
        if ((status.awaitsCharge() || status == CANCEL_PENDING) && attemptInFlight) {
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
                refuseWhileSettling(settleWindow, clock, "cancellation");
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
        if (refunds.containsKey(command.refundId())) {
            return;
        }
        if (status != CAPTURED) {
            throw refusedIn(INVALID_STATE, "refund");
        }
        if (command.amount().minorUnits() <= 0 || !command.amount().currency().equals(captured.currency())) {
            throw new CommandRefusedException(INVALID_AMOUNT, "a refund must be positive, in " + captured.currency());
        }
        if (refundsRequested.plus(command.amount()).exceeds(captured)) {
            throw new CommandRefusedException(REFUND_EXCEEDS_CAPTURED, "refunding " + command.amount().minorUnits()
                    + " more would exceed the " + captured.minorUnits() + " captured");
        }
        apply(new PaymentRefundRequestedEvent(paymentId, orderId, command.refundId(), command.amount(),
                command.reason(), command.refundId().idempotencyKey()));
    }

    @CommandHandler
    public void handle(RecordPaymentRefundedCommand command) {
        if (!refunds.containsKey(command.refundId())) {
            throw new CommandRefusedException(UNKNOWN_REFUND, "refund " + command.refundId() + " was never requested");
        }
        if (!refunded.contains(command.refundId())) {
            apply(new PaymentRefundedEvent(paymentId, orderId, command.refundId(), refunds.get(command.refundId()),
                    command.providerRefundId()));
        }
    }

    /**
     * An unanswered call may commit at the provider after our look-up found nothing; nothing that assumes it did not
     * (a new call, a cancellation) is allowed until the window after its start has passed. The start is the attempt
     * event's timestamp, which Axon takes from the system clock, as the production {@code clock} is.
     */
    private void refuseWhileSettling(SettleWindow settleWindow, Clock clock, String what) {
        if (lastAttemptAt != null && clock.instant().isBefore(lastAttemptAt.plus(settleWindow.length()))) {
            throw new CommandRefusedException(ATTEMPT_SETTLING, "payment " + paymentId + ": " + what
                    + " waits until attempt " + attempts + " has settled at the provider");
        }
    }

    private CommandRefusedException refusedIn(String code, String what) {
        return new CommandRefusedException(code, "payment " + paymentId + " is " + status + ": " + what
                + " refused");
    }

    @EventSourcingHandler
    void on(PaymentRequestedEvent event) {
        paymentId = event.paymentId();
        orderId = event.orderId();
        amount = event.amount();
        cardToken = event.cardToken();
        idempotencyKey = event.idempotencyKey();
        deadlineId = event.deadlineId();
        status = REQUESTED;
    }

    @EventSourcingHandler
    void on(PaymentAttemptStartedEvent event, @Timestamp Instant at) {
        attempts = event.attempt();
        attemptInFlight = true;
        lastAttemptAt = at;
    }

    @EventSourcingHandler
    void on(PaymentAuthorizedEvent event) {
        attemptInFlight = false;
        if (status != CANCEL_PENDING) {
            status = AUTHORIZED;
        }
    }

    @EventSourcingHandler
    void on(PaymentCapturedEvent event) {
        attemptInFlight = false;
        status = CAPTURED;
        captured = event.amount();
        refundsRequested = Money.zero(event.amount().currency());
    }

    @EventSourcingHandler
    void on(PaymentDeclinedEvent event) {
        attemptInFlight = false;
        status = DECLINED;
    }

    @EventSourcingHandler
    void on(PaymentOutcomeUnknownEvent event) {
        attemptInFlight = false;
        if (status != CANCEL_PENDING) {
            status = OUTCOME_UNKNOWN;
        }
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
        attemptInFlight = false;
        status = NEEDS_ATTENTION;
    }

    @EventSourcingHandler
    void on(PaymentResolvedManuallyEvent event) {
        if (event.resolution() == ManualResolution.CAPTURED) {
            status = CAPTURED;
            captured = amount;
            refundsRequested = Money.zero(amount.currency());
        } else {
            status = CANCELLED;
        }
    }

    @EventSourcingHandler
    void on(PaymentRefundRequestedEvent event) {
        refunds.put(event.refundId(), event.amount());
        refundsRequested = refundsRequested.plus(event.amount());
    }

    @EventSourcingHandler
    void on(PaymentRefundedEvent event) {
        refunded.add(event.refundId());
    }
}
