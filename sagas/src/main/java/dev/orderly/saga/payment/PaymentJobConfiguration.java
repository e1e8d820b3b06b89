package dev.orderly.saga.payment;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.orderly.command.Money;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.RefundId;
import dev.orderly.command.payment.SettleWindow;
import dev.orderly.saga.BackOff;
import dev.orderly.saga.effect.EffectKey;
import dev.orderly.saga.effect.EffectLedger;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The payment jobs as db-scheduler tasks: persisted in PostgreSQL, picked by one node at a time, re-run after a crash
 * of the node that held them, and retried with exponential back-off and jitter.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PaymentProcessingProperties.class, PaymentProviderProperties.class})
class PaymentJobConfiguration {

    static final TaskDescriptor<String> CHARGE = TaskDescriptor.of("payment-charge", String.class);
    static final TaskDescriptor<String> CANCEL = TaskDescriptor.of("payment-cancel", String.class);
    static final TaskDescriptor<String> REFUND = TaskDescriptor.of("payment-refund", String.class);

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
    OneTimeTask<String> paymentChargeTask(PaymentJobs jobs, EffectLedger ledger,
                                          PaymentProcessingProperties properties) {
        return Tasks.oneTime(CHARGE)
                .onFailure(backOff(properties, Integer.MAX_VALUE, (job, cause) -> { }))
                .execute((instance, context) -> finish(ledger, instance,
                        () -> jobs.charge(PaymentId.of(instance.getData()))));
    }

    @Bean
    OneTimeTask<String> paymentCancelTask(PaymentJobs jobs, EffectLedger ledger,
                                          PaymentProcessingProperties properties) {
        return Tasks.oneTime(CANCEL)
                .onFailure(backOff(properties, properties.cancelAttempts(), (job, cause) -> {
                    jobs.giveUpCancelling(CancelData.parse(job.getData()).paymentId(), cause);
                    ledger.givenUp(PaymentProcessor.ledgerKey(job), cause);
                }))
                .execute((instance, context) -> finish(ledger, instance, () -> {
                    CancelData data = CancelData.parse(instance.getData());
                    return jobs.cancel(data.paymentId(), data.reason());
                }));
    }

    @Bean
    OneTimeTask<String> paymentRefundTask(PaymentJobs jobs, EffectLedger ledger,
                                          PaymentProcessingProperties properties) {
        return Tasks.oneTime(REFUND)
                .onFailure(backOff(properties, properties.cancelAttempts(), (job, cause) -> {
                    RefundData refund = RefundData.parse(job.getData());
                    jobs.giveUpRefunding(refund.paymentId(), refund.refundId(), cause);
                    ledger.givenUp(PaymentProcessor.ledgerKey(job), cause);
                }))
                .execute((instance, context) -> finish(ledger, instance, () -> {
                    RefundData data = RefundData.parse(instance.getData());
                    return jobs.refund(data.paymentId(), data.refundId(), data.amount());
                }));
    }

    /**
     * Runs a job in the logging context of the chain that decided it, and marks its ledger row done with the job's
     * outcome once it returns; a job that throws leaves the row pending for its next run. A crash between the two
     * runs the job again, as before: it finds the payment settled, or asks the provider by key before it acts.
     */
    private static void finish(EffectLedger ledger, TaskInstance<String> job, Supplier<String> work) {
        EffectKey key = PaymentProcessor.ledgerKey(job);
        ledger.inContextOf(key, () -> ledger.done(key, work.get()));
    }

    static FailureHandler<String> backOff(PaymentProcessingProperties properties, int maxFailures,
                                          BiConsumer<TaskInstance<String>, String> giveUp) {
        return new BackOff(properties.retryInitialBackoff(), properties.retryMaxBackoff(), properties.retryJitter())
                .failureHandler(maxFailures, RetryLaterException.class, giveUp);
    }

    /** The data of a cancel job: the payment and why it is cancelled. */
    record CancelData(PaymentId paymentId, String reason) {
        String format() {
            return paymentId + "|" + reason;
        }

        static CancelData parse(String data) {
            int bar = data.indexOf('|');
            return new CancelData(PaymentId.of(data.substring(0, bar)), data.substring(bar + 1));
        }
    }

    /** The data of a refund job. */
    record RefundData(PaymentId paymentId, RefundId refundId, Money amount) {
        String format() {
            return paymentId + "|" + refundId + "|" + amount.minorUnits() + "|" + amount.currency();
        }

        static RefundData parse(String data) {
            String[] parts = data.split("\\|");
            return new RefundData(PaymentId.of(parts[0]), RefundId.of(parts[1]),
                    new Money(Long.parseLong(parts[2]), parts[3]));
        }
    }
}
