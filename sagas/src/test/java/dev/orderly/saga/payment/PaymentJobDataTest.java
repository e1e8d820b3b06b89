package dev.orderly.saga.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.axon.job.JobDataSerializer;
import dev.orderly.command.Money;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.RefundId;
import dev.orderly.saga.effect.EffectKey;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payment jobs' data as db-scheduler stores it ({@link JobDataSerializer}): JSON a person can read in
 * {@code scheduled_tasks}, ids and amounts as plain values, read back as the same job.
 */
class PaymentJobDataTest {

    private final JobDataSerializer serializer = new JobDataSerializer();
    private final PaymentId payment = PaymentId.random();
    private final RefundId refund = RefundId.random();

    @Test
    void a_charge_is_its_ledger_key_and_its_payment_id_as_a_plain_value() throws IOException {
        var charge = new PaymentJob.Charge(new EffectKey(payment.toString(), PaymentJob.CHARGE, "1"), payment);

        JsonNode stored = stored(charge);
        assertThat(stored.path("paymentId").isTextual()).isTrue();
        assertThat(stored.path("paymentId").asText()).isEqualTo(payment.toString());
        assertThat(stored.path("ledgerKey").path("kind").asText()).isEqualTo(PaymentJob.CHARGE);
        assertThat(readBack(charge)).isEqualTo(charge);
    }

    @Test
    void a_cancel_keeps_its_reason() {
        var cancel = new PaymentJob.Cancel(new EffectKey(payment.toString(), PaymentJob.CANCEL, "3"), payment,
                "deadline passed | \"twice\"");

        assertThat(readBack(cancel)).isEqualTo(cancel);
    }

    @Test
    void a_refund_stores_its_amount_as_minor_units_and_currency() throws IOException {
        var refundJob = new PaymentJob.Refund(new EffectKey(refund.toString(), PaymentJob.REFUND, "1"), payment,
                refund, new Money(1250, "EUR"));

        JsonNode stored = stored(refundJob);
        assertThat(stored.path("refundId").asText()).isEqualTo(refund.toString());
        assertThat(stored.path("amount").path("minorUnits").asLong()).isEqualTo(1250);
        assertThat(stored.path("amount").path("currency").asText()).isEqualTo("EUR");
        assertThat(readBack(refundJob)).isEqualTo(refundJob);
    }

    private JsonNode stored(PaymentJob job) throws IOException {
        return new ObjectMapper().readTree(serializer.serialize(job));
    }

    @SuppressWarnings("unchecked")
    private <T extends PaymentJob> T readBack(T job) {
        return (T) serializer.deserialize(job.getClass(), serializer.serialize(job));
    }
}
