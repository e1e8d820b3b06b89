package dev.orderly.payment;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every magic card of the sandbox, through the real API and real HTTP to the provider, with the provider's duplicate
 * detection on and off. With it off, only Orderly's own key discipline (one key per payment, a look-up by key before
 * any second call) keeps a card from being charged twice.
 */
@OrderlySystemTest
class PaymentFaultsIT {

    @LocalServerPort
    int port;
    TestApi api;

    @BeforeEach
    void client() {
        api = new TestApi(port);
    }

    @AfterEach
    void restoreSandbox() {
        TestSandbox.dedupe(true);
    }

    static Stream<Arguments> cards() {
        List<Object[]> cards = List.of(
                new Object[]{"success", "4242424242424242", "CAPTURED", 1, null},
                new Object[]{"decline", "4000000000000002", "DECLINED", 0, "card_declined"},
                new Object[]{"insufficient funds", "4000000000009995", "DECLINED", 0, "insufficient_funds"},
                new Object[]{"timeout after commit", "4000000000000077", "CAPTURED", 1, null},
                new Object[]{"500 twice", "4000000000000119", "CAPTURED", 1, null},
                new Object[]{"503 twice", "4000000000000503", "CAPTURED", 1, null},
                new Object[]{"slow answer", "4000000000000341", "CAPTURED", 1, null},
                new Object[]{"connection reset after commit", "4000000000000266", "CAPTURED", 1, null});
        return Stream.of(true, false).flatMap(dedupe -> cards.stream().map(card ->
                Arguments.of(card[0], card[1], card[2], card[3], card[4], dedupe)));
    }

    @ParameterizedTest(name = "{0} card ends {2} with {3} capture(s), provider dedupe {5}")
    @MethodSource("cards")
    void every_magic_card_ends_in_its_terminal_state_with_at_most_one_capture(
            String behaviour, String card, String terminal, int captures, String reason, boolean dedupe) {
        TestSandbox.dedupe(dedupe);
        String orderId = UUID.randomUUID().toString();

        TestApi.Response accepted = api.post("/api/payments", """
                {"orderId":"%s","amount":1999,"currency":"EUR","paymentToken":"%s"}"""
                .formatted(orderId, TestSandbox.tokenFor(card)));

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.text("status")).isIn("PENDING", "REQUESTED");
        assertThat(accepted.location()).startsWith("/api/payments/");
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() ->
                assertThat(api.get(accepted.location()).text("status")).isEqualTo(terminal));
        TestApi.Response payment = api.get(accepted.location());
        if (reason != null) {
            assertThat(payment.text("reason")).isEqualTo(reason);
        }
        if (captures == 1) {
            assertThat(payment.body().get("capturedAmount").asLong()).isEqualTo(1999);
        }
        assertThat(TestSandbox.capturesFor(orderId)).isEqualTo(captures);
        assertThat(api.get("/api/orders/" + orderId + "/payments").body()).hasSize(1);
    }

    @Test
    void a_token_the_provider_never_issued_is_declined_without_a_charge_or_a_person() {
        String orderId = UUID.randomUUID().toString();

        TestApi.Response accepted = api.post("/api/payments", """
                {"orderId":"%s","amount":1999,"currency":"EUR","paymentToken":"tok_never_issued_by_the_sandbox"}"""
                .formatted(orderId));

        assertThat(accepted.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(45)).untilAsserted(() ->
                assertThat(api.get(accepted.location()).text("status")).isEqualTo("DECLINED"));
        assertThat(api.get(accepted.location()).text("reason")).isEqualTo("invalid_token");
        assertThat(TestSandbox.capturesFor(orderId)).isZero();
    }
}
