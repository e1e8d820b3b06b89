package dev.orderly.saga.payment;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.orderly.command.Money;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.RefundId;
import dev.orderly.saga.effect.EffectKey;

/**
 * The payment tasks of the release before job data became JSON, read so that the jobs it scheduled (a charge
 * scheduled just before the deploy) still run; nothing schedules them any more. Their data was text, and the ledger
 * step of a cancel sat only in the instance id ({@code paymentId-step}). A node of that release knows only these
 * names and leaves the {@code .v2} rows alone, so both releases can run side by side. Remove in the release after.
 */
final class LegacyPaymentJobs {

    static final TaskDescriptor<String> CHARGE = TaskDescriptor.of(PaymentJob.CHARGE, String.class);
    static final TaskDescriptor<String> CANCEL = TaskDescriptor.of(PaymentJob.CANCEL, String.class);
    static final TaskDescriptor<String> REFUND = TaskDescriptor.of(PaymentJob.REFUND, String.class);

    private LegacyPaymentJobs() {
    }

    /** Data: the payment id; instance: {@code paymentId-1}. */
    static PaymentJob.Charge charge(TaskInstance<String> row) {
        String paymentId = row.getData();
        return new PaymentJob.Charge(new EffectKey(paymentId, PaymentJob.CHARGE, "1"), PaymentId.of(paymentId));
    }

    /** Data: {@code paymentId|reason}; instance: {@code paymentId-sequence}. */
    static PaymentJob.Cancel cancel(TaskInstance<String> row) {
        String data = row.getData();
        String paymentId = data.substring(0, data.indexOf('|'));
        if (!row.getId().startsWith(paymentId + "-")) {
            throw new IllegalArgumentException("cancel job " + row.getId() + " is not of payment " + paymentId);
        }
        String step = row.getId().substring(paymentId.length() + 1);
        return new PaymentJob.Cancel(new EffectKey(paymentId, PaymentJob.CANCEL, step), PaymentId.of(paymentId),
                data.substring(paymentId.length() + 1));
    }

    /** Data: {@code paymentId|refundId|minorUnits|currency}; instance: {@code refundId-1}. */
    static PaymentJob.Refund refund(TaskInstance<String> row) {
        String[] parts = row.getData().split("\\|");
        return new PaymentJob.Refund(new EffectKey(parts[1], PaymentJob.REFUND, "1"), PaymentId.of(parts[0]),
                RefundId.of(parts[1]), new Money(Long.parseLong(parts[2]), parts[3]));
    }
}
