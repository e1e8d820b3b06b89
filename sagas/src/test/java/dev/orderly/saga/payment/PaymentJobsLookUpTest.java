package dev.orderly.saga.payment;

import dev.orderly.command.Money;
import dev.orderly.command.payment.BeginPaymentAttemptCommand;
import dev.orderly.command.payment.FlagPaymentForAttentionCommand;
import dev.orderly.command.payment.PaymentAttempt;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.RecordPaymentCancelledCommand;
import dev.orderly.command.payment.RecordPaymentCapturedCommand;
import dev.orderly.command.payment.RecordPaymentOutcomeUnknownCommand;
import dev.orderly.command.payment.RefundId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A look-up by key has three answers, and the one that matters most is the third: the provider could not be asked.
 * A payment job that cannot tell whether an earlier call charged the card must neither call again nor record that
 * nothing happened; only "found" and "not found" may lead somewhere.
 */
class PaymentJobsLookUpTest {

    private static final PaymentId PAYMENT = PaymentId.of("00000000-0000-0000-0000-000000000001");
    private static final Money EUR_20 = new Money(2000, "EUR");
    private static final ProviderPayment CAPTURED = new ProviderPayment("pay_1", "captured", null, 2000, "EUR",
            2000, 0);

    private final RecordingCommandBus commandBus = new RecordingCommandBus();
    private final Provider provider = new Provider();
    private PaymentJobs jobs;

    @BeforeEach
    void jobs() {
        commandBus.setCallbackBehavior((command, metaData) -> {
            if (command instanceof BeginPaymentAttemptCommand) {
                return new PaymentAttempt(PAYMENT, "order-1", 2, PAYMENT.idempotencyKey(), EUR_20, "tok_1");
            }
            return command instanceof RecordPaymentOutcomeUnknownCommand ? Boolean.TRUE : null;
        });
        jobs = new PaymentJobs(provider, DefaultCommandGateway.builder().commandBus(commandBus).build(),
                new PaymentProcessingProperties(5, 10, Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5,
                        Duration.ofSeconds(2), Duration.ofSeconds(30)),
                new SimpleMeterRegistry());
    }

    @Test
    void a_second_attempt_that_cannot_ask_about_the_first_is_recorded_unknown_and_never_charged() {
        provider.lookUp = null;

        assertThatThrownBy(() -> jobs.charge(PAYMENT)).isInstanceOf(RetryLaterException.class);

        assertThat(provider.calls).containsExactly("findByKey");
        assertThat(sent()).containsExactly(new BeginPaymentAttemptCommand(PAYMENT),
                new RecordPaymentOutcomeUnknownCommand(PAYMENT, 2,
                        "the provider could not be asked whether an earlier attempt was charged"));
    }

    @Test
    void a_second_attempt_that_finds_the_first_charged_records_it_instead_of_charging() {
        provider.lookUp = Optional.of(CAPTURED);

        assertThat(jobs.charge(PAYMENT)).isEqualTo("captured pay_1");

        assertThat(provider.calls).containsExactly("findByKey");
        assertThat(sent()).containsExactly(new BeginPaymentAttemptCommand(PAYMENT),
                new RecordPaymentCapturedCommand(PAYMENT, "pay_1", EUR_20));
    }

    @Test
    void a_cancellation_that_cannot_ask_the_provider_is_retried_and_records_nothing() {
        provider.lookUp = null;

        assertThatThrownBy(() -> jobs.cancel(PAYMENT, "deadline")).isInstanceOf(RetryLaterException.class);

        assertThat(provider.calls).containsExactly("findByKey");
        assertThat(sent()).isEmpty();
    }

    @Test
    void a_cancellation_that_finds_nothing_under_the_key_records_the_cancellation() {
        provider.lookUp = Optional.empty();

        assertThat(jobs.cancel(PAYMENT, "deadline")).isEqualTo("cancelled");

        assertThat(sent()).containsExactly(new RecordPaymentCancelledCommand(PAYMENT, "deadline"));
    }

    @Test
    void a_refund_that_cannot_ask_the_provider_is_retried_not_handed_to_a_person() {
        provider.lookUp = null;
        RefundId refund = RefundId.of("00000000-0000-0000-0000-0000000000f1");

        assertThatThrownBy(() -> jobs.refund(PAYMENT, refund, EUR_20)).isInstanceOf(RetryLaterException.class);

        assertThat(sent()).isEmpty();
    }

    @Test
    void a_refund_of_a_payment_the_provider_does_not_know_is_handed_to_a_person() {
        provider.lookUp = Optional.empty();
        RefundId refund = RefundId.of("00000000-0000-0000-0000-0000000000f1");

        assertThat(jobs.refund(PAYMENT, refund, EUR_20)).isEqualTo("needs attention");

        assertThat(provider.calls).containsExactly("findByKey");
        assertThat(sent()).singleElement().isInstanceOf(FlagPaymentForAttentionCommand.class);
    }

    private List<Object> sent() {
        return commandBus.getDispatchedCommands().stream().<Object>map(command -> command.getPayload()).toList();
    }

    /** A provider whose look-up answers {@link #lookUp}, or fails when it is {@code null}; it records every call. */
    private static final class Provider implements PaymentProvider {

        Optional<ProviderPayment> lookUp;
        final List<String> calls = new ArrayList<>();

        @Override
        public ProviderAnswer charge(String idempotencyKey, String orderReference, long amount, String currency,
                                     String paymentToken) {
            calls.add("charge");
            return new ProviderAnswer.Answered(CAPTURED);
        }

        @Override
        public Optional<ProviderPayment> findByKey(String idempotencyKey) {
            calls.add("findByKey");
            if (lookUp == null) {
                throw new ProviderUnavailableException("connection refused");
            }
            return lookUp;
        }

        @Override
        public ProviderAnswer cancel(String providerPaymentId, String idempotencyKey) {
            calls.add("cancel");
            return new ProviderAnswer.NoAnswer("not expected");
        }

        @Override
        public ProviderAnswer refund(String providerPaymentId, long amount, String idempotencyKey) {
            calls.add("refund");
            return new ProviderAnswer.NoAnswer("not expected");
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public String circuitState() {
            return "CLOSED";
        }
    }
}
