package dev.orderly.saga.payment;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.orderly.axon.job.BackOff;
import dev.orderly.command.payment.SettleWindow;
import dev.orderly.saga.effect.EffectLedger;
import dev.orderly.saga.effect.LedgerTasks;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The payment jobs as db-scheduler tasks: persisted in PostgreSQL, picked by one node at a time, re-run after a crash
 * of the node that held them, and retried with exponential back-off and jitter. Their data is JSON
 * ({@link PaymentJob}); the tasks of the release before, with text data, stay registered for one release
 * ({@link LegacyPaymentJobs}) and hand their rows to the same jobs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PaymentProcessingProperties.class, PaymentProviderProperties.class})
class PaymentJobConfiguration {

    static final TaskDescriptor<PaymentJob.Charge> CHARGE =
            TaskDescriptor.of("payment-charge.v2", PaymentJob.Charge.class);
    static final TaskDescriptor<PaymentJob.Cancel> CANCEL =
            TaskDescriptor.of("payment-cancel.v2", PaymentJob.Cancel.class);
    static final TaskDescriptor<PaymentJob.Refund> REFUND =
            TaskDescriptor.of("payment-refund.v2", PaymentJob.Refund.class);

    /** The processor that creates jobs must never skip an event: a failure stops it, and it retries. */
    @Bean
    ConfigurerModule paymentProcessorErrorHandling() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                PaymentProcessor.PROCESSING_GROUP, config -> PropagatingErrorHandler.instance());
    }

    /** The settle window, for the {@code Payment} aggregate, which decides by it. */
    @Bean
    SettleWindow settleWindow(PaymentProcessingProperties properties) {
        return new SettleWindow(properties.settleWindow());
    }

    @Bean
    OneTimeTask<PaymentJob.Charge> paymentChargeTask(LedgerTasks tasks, PaymentJobs jobs, EffectLedger ledger,
                                                     PaymentProcessingProperties properties) {
        return tasks.task(CHARGE, TaskInstance::getData, chargeRetries(properties), charge(jobs, ledger),
                (job, cause) -> { });
    }

    @Bean
    OneTimeTask<PaymentJob.Cancel> paymentCancelTask(LedgerTasks tasks, PaymentJobs jobs, EffectLedger ledger,
                                                     PaymentProcessingProperties properties) {
        return tasks.task(CANCEL, TaskInstance::getData, cancelRetries(properties), cancel(jobs, ledger),
                giveUpCancel(jobs, ledger));
    }

    @Bean
    OneTimeTask<PaymentJob.Refund> paymentRefundTask(LedgerTasks tasks, PaymentJobs jobs, EffectLedger ledger,
                                                     PaymentProcessingProperties properties) {
        return tasks.task(REFUND, TaskInstance::getData, cancelRetries(properties), refund(jobs, ledger),
                giveUpRefund(jobs, ledger));
    }

    @Bean
    OneTimeTask<String> legacyPaymentChargeTask(LedgerTasks tasks, PaymentJobs jobs, EffectLedger ledger,
                                                PaymentProcessingProperties properties) {
        return tasks.legacyTask(LegacyPaymentJobs.CHARGE, LegacyPaymentJobs::charge, chargeRetries(properties),
                charge(jobs, ledger), (job, cause) -> { });
    }

    @Bean
    OneTimeTask<String> legacyPaymentCancelTask(LedgerTasks tasks, PaymentJobs jobs, EffectLedger ledger,
                                                PaymentProcessingProperties properties) {
        return tasks.legacyTask(LegacyPaymentJobs.CANCEL, LegacyPaymentJobs::cancel, cancelRetries(properties),
                cancel(jobs, ledger), giveUpCancel(jobs, ledger));
    }

    @Bean
    OneTimeTask<String> legacyPaymentRefundTask(LedgerTasks tasks, PaymentJobs jobs, EffectLedger ledger,
                                                PaymentProcessingProperties properties) {
        return tasks.legacyTask(LegacyPaymentJobs.REFUND, LegacyPaymentJobs::refund, cancelRetries(properties),
                refund(jobs, ledger), giveUpRefund(jobs, ledger));
    }

    private static Consumer<PaymentJob.Charge> charge(PaymentJobs jobs, EffectLedger ledger) {
        return job -> finish(ledger, job, () -> jobs.charge(job.paymentId()));
    }

    private static Consumer<PaymentJob.Cancel> cancel(PaymentJobs jobs, EffectLedger ledger) {
        return job -> finish(ledger, job, () -> jobs.cancel(job.paymentId(), job.reason()));
    }

    private static Consumer<PaymentJob.Refund> refund(PaymentJobs jobs, EffectLedger ledger) {
        return job -> finish(ledger, job, () -> jobs.refund(job.paymentId(), job.refundId(), job.amount()));
    }

    private static BiConsumer<PaymentJob.Cancel, String> giveUpCancel(PaymentJobs jobs, EffectLedger ledger) {
        return (job, cause) -> {
            jobs.giveUpCancelling(job.paymentId(), cause);
            ledger.givenUp(job.ledgerKey(), cause);
        };
    }

    private static BiConsumer<PaymentJob.Refund, String> giveUpRefund(PaymentJobs jobs, EffectLedger ledger) {
        return (job, cause) -> {
            jobs.giveUpRefunding(job.paymentId(), job.refundId(), cause);
            ledger.givenUp(job.ledgerKey(), cause);
        };
    }

    /**
     * Marks a job's ledger row done with the job's outcome once it returns; a job that throws leaves the row pending
     * for its next run. A crash between the two runs the job again, as before: it finds the payment settled, or asks
     * the provider by key before it acts.
     */
    private static void finish(EffectLedger ledger, PaymentJob job, Supplier<String> work) {
        ledger.done(job.ledgerKey(), work.get());
    }

    /** A charge is never given up by its job: after its attempts a person takes it over ({@link PaymentJobs}). */
    private static LedgerTasks.Retries chargeRetries(PaymentProcessingProperties properties) {
        return new LedgerTasks.Retries(backOff(properties), Integer.MAX_VALUE, RetryLaterException.class);
    }

    private static LedgerTasks.Retries cancelRetries(PaymentProcessingProperties properties) {
        return new LedgerTasks.Retries(backOff(properties), properties.cancelAttempts(), RetryLaterException.class);
    }

    private static BackOff backOff(PaymentProcessingProperties properties) {
        return new BackOff(properties.retryInitialBackoff(), properties.retryMaxBackoff(), properties.retryJitter());
    }
}
