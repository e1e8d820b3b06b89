package dev.orderly.saga.payment;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import dev.orderly.command.payment.PaymentCancellationRequestedEvent;
import dev.orderly.command.payment.PaymentRefundRequestedEvent;
import dev.orderly.command.payment.PaymentRequestedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Turns payment events into provider jobs. The job is stored in the same transaction as this processor's token, so
 * an event is never lost between the two, and a redelivered event finds its job already there. Never replayed:
 * a replay must not call the provider again.
 */
@Component
@ProcessingGroup(PaymentProcessor.PROCESSING_GROUP)
@DisallowReplay
class PaymentProcessor {

    static final String PROCESSING_GROUP = "payment-processor";

    private final SchedulerClient scheduler;

    PaymentProcessor(SchedulerClient scheduler) {
        this.scheduler = scheduler;
    }

    @EventHandler
    void on(PaymentRequestedEvent event) {
        scheduler.scheduleIfNotExists(PaymentJobConfiguration.CHARGE.instance(event.paymentId().toString())
                .data(event.paymentId().toString()).scheduledTo(Instant.now()));
    }

    @EventHandler
    void on(PaymentCancellationRequestedEvent event) {
        var data = new PaymentJobConfiguration.CancelData(event.paymentId(), event.reason());
        scheduler.scheduleIfNotExists(PaymentJobConfiguration.CANCEL.instance(event.paymentId().toString())
                .data(data.format()).scheduledTo(Instant.now()));
    }

    @EventHandler
    void on(PaymentRefundRequestedEvent event) {
        var data = new PaymentJobConfiguration.RefundData(event.paymentId(), event.refundId(), event.amount());
        scheduler.scheduleIfNotExists(PaymentJobConfiguration.REFUND.instance(event.refundId().toString())
                .data(data.format()).scheduledTo(Instant.now()));
    }
}
