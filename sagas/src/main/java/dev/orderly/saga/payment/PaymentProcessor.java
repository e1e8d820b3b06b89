package dev.orderly.saga.payment;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import dev.orderly.command.payment.PaymentCancellationRequestedEvent;
import dev.orderly.command.payment.PaymentRefundRequestedEvent;
import dev.orderly.command.payment.PaymentRequestedEvent;
import dev.orderly.saga.effect.EffectKey;
import dev.orderly.saga.effect.EffectLedger;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Turns payment events into provider jobs. The job and its ledger row are stored in the same transaction as this
 * processor's token, so an event is never lost between the two, and a redelivered event finds its job already
 * decided. Never replayed: a replay must not call the provider again.
 */
@Component
@ProcessingGroup(PaymentProcessor.PROCESSING_GROUP)
@DisallowReplay
public class PaymentProcessor {

    public static final String PROCESSING_GROUP = "payment-processor";

    private final SchedulerClient scheduler;
    private final EffectLedger ledger;

    PaymentProcessor(SchedulerClient scheduler, EffectLedger ledger) {
        this.scheduler = scheduler;
        this.ledger = ledger;
    }

    @EventHandler
    void on(PaymentRequestedEvent event) {
        schedule(PaymentJobConfiguration.CHARGE, new PaymentJob.Charge(
                new EffectKey(event.paymentId().toString(), PaymentJob.CHARGE, "1"), event.paymentId()));
    }

    /** A payment may be asked to cancel more than once (after a person took it over, say): one job per request. */
    @EventHandler
    void on(PaymentCancellationRequestedEvent event, @SequenceNumber long sequence) {
        schedule(PaymentJobConfiguration.CANCEL, new PaymentJob.Cancel(
                new EffectKey(event.paymentId().toString(), PaymentJob.CANCEL, Long.toString(sequence)),
                event.paymentId(), event.reason()));
    }

    @EventHandler
    void on(PaymentRefundRequestedEvent event) {
        schedule(PaymentJobConfiguration.REFUND, new PaymentJob.Refund(
                new EffectKey(event.refundId().toString(), PaymentJob.REFUND, "1"), event.paymentId(),
                event.refundId(), event.amount()));
    }

    /**
     * The ledger row makes this safe to run again for the same event, even after the job has finished and left
     * db-scheduler's table: a replay from the tail schedules nothing. The instance id, subject and step joined by a
     * dash, only keeps one row per job; the job finds its ledger row by the key in its data.
     */
    private <T extends PaymentJob> void schedule(TaskDescriptor<T> task, T job) {
        EffectKey key = job.ledgerKey();
        if (ledger.decide(key, null, "{}")) {
            scheduler.scheduleIfNotExists(task.instance(key.subject() + "-" + key.step()).data(job)
                    .scheduledTo(Instant.now()));
        }
    }
}
