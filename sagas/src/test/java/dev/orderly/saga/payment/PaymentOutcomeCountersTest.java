package dev.orderly.saga.payment;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The payment outcome counters exist from the start, and the provider's answers cannot add label values. */
class PaymentOutcomeCountersTest {

    @Test
    void every_outcome_is_counted_at_zero_before_the_first_payment() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new PaymentJobs(null, null, null, registry);

        assertThat(registry.find(PaymentJobs.OUTCOMES_METER).counters())
                .extracting(counter -> counter.getId().getTag("outcome"))
                .containsExactlyInAnyOrderElementsOf(PaymentJobs.OUTCOMES);
        assertThat(registry.find(PaymentJobs.OUTCOMES_METER).counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void a_status_the_provider_invents_is_counted_as_unrecognised() {
        assertThat(PaymentJobs.outcomeLabel("captured")).isEqualTo("captured");
        assertThat(PaymentJobs.outcomeLabel("canceled")).isEqualTo("canceled");
        assertThat(PaymentJobs.outcomeLabel("captured-" + "x".repeat(200))).isEqualTo("unrecognised");
        assertThat(PaymentJobs.outcomeLabel("CAPTURED")).isEqualTo("unrecognised");
        assertThat(PaymentJobs.outcomeLabel(null)).isEqualTo("unrecognised");
    }
}
