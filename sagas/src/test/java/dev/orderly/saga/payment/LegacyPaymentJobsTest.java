package dev.orderly.saga.payment;

import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.orderly.command.Money;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.RefundId;
import dev.orderly.saga.effect.EffectKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows exactly as the release before wrote them become the same jobs, with the ledger keys that release used. */
class LegacyPaymentJobsTest {

    private final PaymentId payment = PaymentId.random();
    private final RefundId refund = RefundId.random();

    @Test
    void a_charge_row_of_the_release_before_is_the_charge_of_its_payment() {
        var job = LegacyPaymentJobs.charge(new TaskInstance<>("payment-charge", payment + "-1", payment.toString()));

        assertThat(job).isEqualTo(new PaymentJob.Charge(new EffectKey(payment.toString(), "payment-charge", "1"),
                payment));
    }

    @Test
    void a_cancel_row_takes_its_step_from_its_instance_and_keeps_a_reason_with_bars() {
        var job = LegacyPaymentJobs.cancel(new TaskInstance<>("payment-cancel", payment + "-17",
                payment + "|deadline passed | twice"));

        assertThat(job).isEqualTo(new PaymentJob.Cancel(new EffectKey(payment.toString(), "payment-cancel", "17"),
                payment, "deadline passed | twice"));
    }

    @Test
    void a_refund_row_is_keyed_by_its_refund() {
        var job = LegacyPaymentJobs.refund(new TaskInstance<>("payment-refund", refund + "-1",
                payment + "|" + refund + "|1250|EUR"));

        assertThat(job).isEqualTo(new PaymentJob.Refund(new EffectKey(refund.toString(), "payment-refund", "1"),
                payment, refund, new Money(1250, "EUR")));
    }

    @Test
    void a_cancel_row_whose_instance_names_another_payment_is_refused_rather_than_misfiled() {
        assertThatThrownBy(() -> LegacyPaymentJobs.cancel(new TaskInstance<>("payment-cancel",
                PaymentId.random() + "-3", payment + "|reason")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
