package dev.orderly.saga.payment;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
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
    /** Subjects are payment and refund ids: UUIDs in their 36-character form. */
    private static final int SUBJECT_LENGTH = 36;

    private final EffectLedger ledger;

    PaymentProcessor(SchedulerClient scheduler, EffectLedger ledger) {
        this.scheduler = scheduler;
        this.ledger = ledger;
    }

    @EventHandler
    void on(PaymentRequestedEvent event) {
        schedule(event.paymentId().toString(), "1", PaymentJobConfiguration.CHARGE, event.paymentId().toString());
    }

    /** A payment may be asked to cancel more than once (after a person took it over, say): one job per request. */
    @EventHandler
    void on(PaymentCancellationRequestedEvent event, @SequenceNumber long sequence) {
        schedule(event.paymentId().toString(), Long.toString(sequence), PaymentJobConfiguration.CANCEL,
                new PaymentJobConfiguration.CancelData(event.paymentId(), event.reason()).format());
    }

    @EventHandler
    void on(PaymentRefundRequestedEvent event) {
        schedule(event.refundId().toString(), "1", PaymentJobConfiguration.REFUND,
                new PaymentJobConfiguration.RefundData(event.paymentId(), event.refundId(), event.amount()).format());
    }

    /**
     * The ledger row makes this safe to run again for the same event, even after the job has finished and left
     * db-scheduler's table: a replay from the tail schedules nothing.
     */
    private void schedule(String subject, String step, TaskDescriptor<String> job, String data) {
        if (ledger.decide(new EffectKey(subject, job.getTaskName(), step), null, "{}")) {
            scheduler.scheduleIfNotExists(job.instance(subject + "-" + step).data(data).scheduledTo(Instant.now()));
        }
    }

    /** The ledger row of a job: its instance id is the subject (a UUID) and the step, joined by a dash. */
    static EffectKey ledgerKey(TaskInstance<String> job) {
        String id = job.getId();
        int split = SUBJECT_LENGTH;
        return new EffectKey(id.substring(0, split), job.getTaskName(), id.substring(split + 1));
    }
}
