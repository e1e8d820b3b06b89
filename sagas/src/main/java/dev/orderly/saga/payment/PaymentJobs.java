package dev.orderly.saga.payment;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.Money;
import dev.orderly.command.payment.BeginPaymentAttemptCommand;
import dev.orderly.command.payment.FlagPaymentForAttentionCommand;
import dev.orderly.command.payment.PaymentAttempt;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.RecordPaymentAuthorizedCommand;
import dev.orderly.command.payment.RecordPaymentCancelledCommand;
import dev.orderly.command.payment.RecordPaymentCapturedCommand;
import dev.orderly.command.payment.RecordPaymentDeclinedCommand;
import dev.orderly.command.payment.RecordPaymentOutcomeUnknownCommand;
import dev.orderly.command.payment.RecordPaymentRefundedCommand;
import dev.orderly.command.payment.RefundId;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The work that talks to the provider, run by db-scheduler outside any database transaction: a slow provider never
 * holds a transaction open, a job survives a crash of its node, and exactly one node runs it. Each job asks the
 * provider by key before it acts again, so a retry never charges twice, even if the provider did not deduplicate.
 * A job that returns has finished (the provider answered and the outcome is recorded, or a person took over); what it
 * returns is the outcome its ledger row keeps. A job that must run again throws {@link RetryLaterException}.
 */
@Component
class PaymentJobs {

    private static final Logger log = LoggerFactory.getLogger(PaymentJobs.class);
    static final String OUTCOMES_METER = "orderly.payment.outcomes";
    /** The provider's statuses ({@link ProviderPayment}), then the outcomes of our own. */
    static final List<String> OUTCOMES = List.of("authorized", "captured", "declined", "canceled", "unknown",
            "needs-attention", "unrecognised");

    private final PaymentProvider provider;
    private final CommandGateway commands;
    private final PaymentProcessingProperties properties;
    private final MeterRegistry metrics;

    PaymentJobs(PaymentProvider provider, CommandGateway commands, PaymentProcessingProperties properties,
                MeterRegistry metrics) {
        this.provider = provider;
        this.commands = commands;
        this.properties = properties;
        this.metrics = metrics;
        // Every outcome is exported from the start, at 0, so that a rate over it exists before the first payment.
        OUTCOMES.forEach(outcome -> metrics.counter(OUTCOMES_METER, "outcome", outcome));
    }

    /** Counts what the provider said to this node's payment jobs: {@code orderly_payment_outcomes_total{outcome}}. */
    private void count(String outcome) {
        metrics.counter(OUTCOMES_METER, "outcome", outcomeLabel(outcome)).increment();
    }

    /** One of {@link #OUTCOMES}: a status the provider invents is {@code unrecognised}, and mints no label value. */
    static String outcomeLabel(String outcome) {
        return outcome != null && OUTCOMES.contains(outcome) ? outcome : "unrecognised";
    }

    String charge(PaymentId paymentId) {
        if (!provider.available()) {
            throw new RetryLaterException("the payment provider's circuit breaker is open");
        }
        PaymentAttempt attempt;
        try {
            attempt = commands.sendAndWait(new BeginPaymentAttemptCommand(paymentId));
        } catch (CommandRefusedException refused) {
            if (BeginPaymentAttemptCommand.SETTLING.equals(refused.refusal().code())) {
                throw new RetryLaterException(refused.getMessage());
            }
            log.info("Payment {} is no longer charged: {}", paymentId, refused.getMessage());
            return "no longer awaits a charge";
        }
        String key = attempt.idempotencyKey();
        if (attempt.attempt() > 1) {
            // An earlier attempt may have been charged although its answer was lost: ask before calling again.
            KeyLookUp earlier = lookUp(key);
            if (earlier instanceof KeyLookUp.Unknown) {
                return unknown(attempt, "the provider could not be asked whether an earlier attempt was charged");
            }
            if (earlier instanceof KeyLookUp.Found found) {
                return record(paymentId, found.payment());
            }
        }
        Money amount = attempt.amount();
        ProviderAnswer answer = provider.charge(key, attempt.orderReference(), amount.minorUnits(),
                amount.currency(), attempt.cardToken());
        if (answer instanceof ProviderAnswer.Answered answered) {
            return record(paymentId, answered.payment());
        }
        if (answer instanceof ProviderAnswer.TokenRefused refused) {
            // No provider payment exists to record: the decline is ours to state, and the customer's to fix.
            count("declined");
            log.info("Payment {} is declined: the provider refused its card token ({})", paymentId, refused.code());
            return send(paymentId, new RecordPaymentDeclinedCommand(paymentId, null, refused.code()),
                    "declined " + refused.code());
        }
        if (answer instanceof ProviderAnswer.Refused refused) {
            return flag(paymentId, "the provider refused the charge: " + refused.status() + " " + refused.error());
        }
        String detail = ((ProviderAnswer.NoAnswer) answer).detail();
        KeyLookUp lookUp = lookUp(key);
        if (lookUp instanceof KeyLookUp.Found found) {
            return record(paymentId, found.payment());
        }
        return unknown(attempt, detail + (lookUp instanceof KeyLookUp.Unknown ? "; the look-up by key failed too"
                : "; no payment found by key"));
    }

    String cancel(PaymentId paymentId, String reason) {
        KeyLookUp lookUp = lookUp(paymentId.idempotencyKey());
        if (lookUp instanceof KeyLookUp.Unknown) {
            throw new RetryLaterException("the provider could not be asked about payment " + paymentId);
        }
        if (lookUp instanceof KeyLookUp.Found found) {
            ProviderPayment payment = found.payment();
            if (payment.authorized()) {
                ProviderAnswer answer = provider.cancel(payment.id(), paymentId.idempotencyKey() + "-cancel");
                if (answer instanceof ProviderAnswer.NoAnswer noAnswer) {
                    throw new RetryLaterException("cancelling at the provider got no answer: " + noAnswer.detail());
                }
                if (answer instanceof ProviderAnswer.Refused refused) {
                    if (refused.payment() == null) {
                        throw new RetryLaterException("the provider refused to cancel " + payment.id() + ": "
                                + refused.status() + " " + refused.error());
                    }
                    return record(paymentId, refused.payment());
                }
            } else if (payment.captured() || payment.declined()) {
                return record(paymentId, payment);
            }
        }
        try {
            commands.sendAndWait(new RecordPaymentCancelledCommand(paymentId, reason));
        } catch (CommandRefusedException refused) {
            throw new RetryLaterException("payment " + paymentId + " cannot be cancelled yet: "
                    + refused.getMessage());
        }
        return "cancelled";
    }

    String refund(PaymentId paymentId, RefundId refundId, Money amount) {
        KeyLookUp lookUp = lookUp(paymentId.idempotencyKey());
        if (lookUp instanceof KeyLookUp.Unknown) {
            throw new RetryLaterException("the provider could not be asked about payment " + paymentId);
        }
        if (!(lookUp instanceof KeyLookUp.Found found)) {
            return flag(paymentId, "refund " + refundId
                    + " asked for, but the provider knows no payment under its key");
        }
        ProviderAnswer answer = provider.refund(found.payment().id(), amount.minorUnits(), refundId.idempotencyKey());
        if (answer instanceof ProviderAnswer.Refunded refunded) {
            return send(paymentId, new RecordPaymentRefundedCommand(paymentId, refundId, amount, refunded.refundId()),
                    "refunded " + refunded.refundId());
        }
        if (answer instanceof ProviderAnswer.Refused refused) {
            return flag(paymentId, "the provider refused refund " + refundId + ": " + refused.status() + " "
                    + refused.error());
        }
        throw new RetryLaterException("refund " + refundId + " got no clear answer: " + answer);
    }

    void giveUpCancelling(PaymentId paymentId, String lastFailure) {
        flag(paymentId, "cancellation could not be confirmed with the provider after "
                + properties.cancelAttempts() + " tries: " + lastFailure);
    }

    void giveUpRefunding(PaymentId paymentId, RefundId refundId, String lastFailure) {
        flag(paymentId, "refund " + refundId + " could not be confirmed with the provider: " + lastFailure);
    }

    /** Records what the provider says; an answer the payment refuses in its state goes to a person. */
    private String record(PaymentId paymentId, ProviderPayment payment) {
        log.info("Payment {} is '{}' at the provider ({})", paymentId, payment.status(), payment.id());
        count(payment.status());
        Object command;
        if (payment.captured()) {
            command = new RecordPaymentCapturedCommand(paymentId, payment.id(),
                    new Money(payment.capturedAmount(), payment.currency()));
        } else if (payment.authorized()) {
            command = new RecordPaymentAuthorizedCommand(paymentId, payment.id());
        } else if (payment.declined()) {
            command = new RecordPaymentDeclinedCommand(paymentId, payment.id(),
                    payment.declineCode() == null ? "declined" : payment.declineCode());
        } else if (payment.canceled()) {
            command = new RecordPaymentCancelledCommand(paymentId, "cancelled at the provider");
        } else {
            throw new RetryLaterException("payment " + paymentId + " is '" + payment.status()
                    + "' at the provider; asking again later");
        }
        return send(paymentId, command, payment.status() + " " + payment.id());
    }

    private String send(PaymentId paymentId, Object command, String outcome) {
        try {
            commands.sendAndWait(command);
            return outcome;
        } catch (CommandRefusedException refused) {
            return flag(paymentId, "the provider's answer contradicts the payment: " + refused.getMessage());
        }
    }

    private String unknown(PaymentAttempt attempt, String detail) {
        count("unknown");
        Boolean recorded = commands.sendAndWait(new RecordPaymentOutcomeUnknownCommand(attempt.paymentId(),
                attempt.attempt(), detail));
        if (!Boolean.TRUE.equals(recorded)) {
            // Settled meanwhile (the cancel job found the capture, say): nothing left to resolve here.
            return "settled by another job";
        }
        if (attempt.attempt() >= properties.chargeAttempts()) {
            return flag(attempt.paymentId(), attempt.attempt() + " attempts ended without an answer; last: "
                    + detail);
        }
        throw new RetryLaterException("payment " + attempt.paymentId() + " attempt " + attempt.attempt()
                + ": " + detail);
    }

    private String flag(PaymentId paymentId, String reason) {
        count("needs-attention");
        log.warn("Payment {} needs attention: {}", paymentId, reason);
        commands.sendAndWait(new FlagPaymentForAttentionCommand(paymentId, reason));
        return "needs attention";
    }

    /** What the provider has under {@code key}; {@link KeyLookUp.Unknown} when it could not be asked. */
    private KeyLookUp lookUp(String key) {
        try {
            return provider.findByKey(key).<KeyLookUp>map(KeyLookUp.Found::new).orElseGet(KeyLookUp.NotFound::new);
        } catch (ProviderUnavailableException unavailable) {
            log.info("Look-up by key failed: {}", unavailable.getMessage());
            return new KeyLookUp.Unknown();
        }
    }
}
