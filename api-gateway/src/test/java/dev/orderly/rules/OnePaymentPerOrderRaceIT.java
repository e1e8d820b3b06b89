package dev.orderly.rules;

import dev.orderly.command.order.OrderId;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.RequestPaymentCommand;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.ReservationRace;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "One payment per order", attacked through the real API: for each of many fresh order ids, placing an order and
 * requesting a payment through the payments API are sent at the same moment. The gateway's pre-checks see neither
 * request's write, so the command model must decide: exactly one of the two wins, the other is refused with
 * {@code order-already-has-payment} (a {@code 409}, or a {@code REJECTED} status when the decision came after the
 * {@code 202}), and the provider charges the order id once, the winner's amount.
 *
 * <p>The payments are requested as the operator: a customer may pay only an order they can already see, which the
 * placing has then claimed, so only a caller who may pay an order id with no order can open this race.
 */
@OrderlySystemTest
class OnePaymentPerOrderRaceIT {

    private static final int ORDER_IDS = 30;
    private static final long STANDALONE_AMOUNT = 300;
    private static final String REFUSED = "https://orderly.dev/problems/order-already-has-payment";
    private static final Set<String> ORDER_WON = Set.of("CONFIRMED", "PICKING", "SHIPPED");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void an_order_and_a_payments_api_request_racing_for_one_order_id_leave_one_payment_and_one_charge()
            throws Exception {
        TestApi ops = new TestApi(port);
        TestApi alice = TestApi.as(port, "alice");
        String resourceId = ops.registerResource("Race lamps", 1000);
        List<String> orderIds = new ArrayList<>();
        List<Callable<TestApi.Response>> requests = new ArrayList<>();
        for (int i = 0; i < ORDER_IDS; i++) {
            String orderId = UUID.randomUUID().toString();
            orderIds.add(orderId);
            String order = TestOrders.orderJson(resourceId, 1, "alice", "alice@example.com", TestOrders.GOOD_CARD)
                    .replaceFirst("\\{", "{\"orderId\":\"" + orderId + "\",");
            String payment = """
                    {"orderId":"%s","amount":%d,"currency":"EUR","paymentToken":"%s"}""".formatted(orderId,
                    STANDALONE_AMOUNT, TestSandbox.tokenFor(TestOrders.GOOD_CARD));
            requests.add(() -> ops.post("/api/orders", order));
            requests.add(() -> ops.post("/api/payments", payment));
        }

        List<TestApi.Response> answers = ReservationRace.releasedTogether(requests);

        for (int i = 0; i < ORDER_IDS; i++) {
            String orderId = orderIds.get(i);
            TestApi.Response placing = answers.get(2 * i);
            TestApi.Response paying = answers.get(2 * i + 1);
            String paymentId = PaymentId.forOrder(OrderId.of(orderId)).toString();
            assertThat(List.of(placing, paying)).as(orderId).allSatisfy(answer ->
                    assertThat(answer.status() == 202 || (answer.status() == 409
                            && REFUSED.equals(answer.text("type")))).as(answer.toString()).isTrue());

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(TestSandbox.capturesFor(orderId)).as(orderId).isEqualTo(1));
            String orderStatus = placing.status() != 202 ? "refused at once" : await().atMost(Duration.ofSeconds(60))
                    .until(() -> ops.get("/api/orders/" + orderId).text("status"),
                            status -> ORDER_WON.contains(status) || "REJECTED".equals(status));
            String paymentStatus = paying.status() != 202 ? "refused at once" : await().atMost(Duration.ofSeconds(60))
                    .until(() -> ops.get("/api/payments/" + paymentId).text("status"),
                            status -> "CAPTURED".equals(status) || "REJECTED".equals(status));
            boolean orderWon = ORDER_WON.contains(orderStatus);
            boolean paymentWon = "CAPTURED".equals(paymentStatus);
            assertThat(orderWon ^ paymentWon).as("exactly one of order and payment wins order id " + orderId)
                    .isTrue();

            if (orderWon) {
                refusedVisibly(paying, () -> ops.get("/api/payments/" + paymentId), "pay:" + paymentId);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        ops.get("/api/orders/" + orderId + "/payments").body().get(0).path("amount").asLong())
                        .isEqualTo(TestOrders.UNIT_PRICE));
                // The order's customer follows the order's payment under its id: theirs, never the refused request.
                TestApi.Response owners = alice.get("/api/payments/" + paymentId);
                assertThat(owners.text("status")).as(orderId).isNotEqualTo("REJECTED");
                assertThat(owners.body().path("amount").asLong()).as(orderId).isEqualTo(TestOrders.UNIT_PRICE);
            } else {
                refusedVisibly(placing, () -> ops.get("/api/orders/" + orderId), "order:" + orderId);
                assertThat(ops.get("/api/payments/" + paymentId).body().path("amount").asLong())
                        .isEqualTo(STANDALONE_AMOUNT);
            }
            assertThat(jdbc.queryForObject("""
                    SELECT count(*) FROM domainevententry
                    WHERE aggregateidentifier = ? AND payloadtype LIKE '%.PaymentRequestedEvent'""", Long.class,
                    paymentId)).as("payment aggregates of order id " + orderId).isEqualTo(1);
            assertThat(TestSandbox.capturesFor(orderId)).as(orderId).isEqualTo(1);
        }
    }

    /**
     * What an operator's payments-API request leaves when it loses to the order's placing at the command side (a
     * stored command refused as {@code order-already-has-payment}), written as the outbox writes it: the operator
     * sees the request {@code REJECTED} under the payment's id, but the order's customer sees their own payment there.
     */
    @Test
    void a_request_that_lost_to_the_order_never_hides_the_order_s_payment_from_its_customer() {
        TestApi ops = new TestApi(port);
        TestApi alice = TestApi.as(port, "alice");
        String resourceId = ops.registerResource("Lost race lamps", 5);
        String orderId = UUID.randomUUID().toString();
        alice.post("/api/orders", TestOrders.orderJson(resourceId, 1, "alice", "alice@example.com",
                TestOrders.GOOD_CARD).replaceFirst("\\{", "{\"orderId\":\"" + orderId + "\","));
        String paymentId = PaymentId.forOrder(OrderId.of(orderId)).toString();
        await().atMost(Duration.ofSeconds(60)).until(() -> alice.get("/api/orders/" + orderId).text("status"),
                ORDER_WON::contains);
        await().atMost(Duration.ofSeconds(60)).until(() -> alice.get("/api/payments/" + paymentId).text("status"),
                "CAPTURED"::equals);
        jdbc.update("""
                INSERT INTO accepted_command (command_id, command_type, aggregate_id, payload, request_hash, status,
                                              attempts, failure_code, failure_detail, completed_at, next_attempt_at)
                VALUES (?, ?, ?, ?::jsonb, 'lost-the-race', 'FAILED', 1, 'order-already-has-payment',
                        'order is paid through its fulfilment', now(), now())""",
                "pay:" + paymentId, RequestPaymentCommand.class.getName(), paymentId, """
                {"paymentId":"%s","orderId":"%s","amount":{"minorUnits":%d,"currency":"EUR"},"cardToken":"tok",
                 "deadline":"2030-01-01T00:00:00Z","origin":"PAYMENTS_API"}""".formatted(paymentId, orderId,
                        STANDALONE_AMOUNT));

        TestApi.Response owners = alice.get("/api/payments/" + paymentId);
        assertThat(owners.text("status")).isEqualTo("CAPTURED");
        assertThat(owners.body().path("amount").asLong()).isEqualTo(TestOrders.UNIT_PRICE);
        TestApi.Response operators = ops.get("/api/payments/" + paymentId);
        assertThat(operators.text("status")).isEqualTo("REJECTED");
        assertThat(operators.body().path("amount").asLong()).isEqualTo(STANDALONE_AMOUNT);
    }

    /** A {@code 409 order-already-has-payment}, or a {@code 202} whose status now says {@code REJECTED} for it. */
    private void refusedVisibly(TestApi.Response answer, Supplier<TestApi.Response> status, String commandId) {
        if (answer.status() == 409) {
            assertThat(answer.text("type")).isEqualTo(REFUSED);
            return;
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(status.get().text("status")).as(commandId).isEqualTo("REJECTED"));
        assertThat(jdbc.queryForObject("SELECT failure_code FROM accepted_command WHERE command_id = ?",
                String.class, commandId)).isEqualTo("order-already-has-payment");
    }
}
