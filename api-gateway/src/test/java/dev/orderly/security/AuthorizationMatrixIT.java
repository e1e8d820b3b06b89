package dev.orderly.security;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may do what, cell by cell: customer Alice against Bob's orders, reservations and payments (always {@code 404},
 * never {@code 403}, so ids cannot be probed), customers against operator endpoints ({@code 403}), callers without
 * credentials ({@code 401}), and webhooks without a signature ({@code 401}). Every refusal is a problem body.
 */
@OrderlySystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT {

    @LocalServerPort
    int port;

    private TestApi ops;
    private TestApi alice;
    private TestApi bob;
    private String resourceId;
    private String bobsOrder;
    private String bobsPayment;
    private String bobsReservation;
    private String alicesOrder;

    @BeforeAll
    void bobAndAliceHaveOrdersAndReservations() {
        ops = new TestApi(port);
        alice = TestApi.as(port, "alice");
        bob = TestApi.as(port, "bob");
        resourceId = ops.registerResource("Matrix shelf", 50);
        bobsOrder = placeAndAwaitCapture(bob, "bob");
        alicesOrder = placeAndAwaitCapture(alice, "alice");
        bobsPayment = bob.get("/api/orders/" + bobsOrder + "/payments").body().get(0).get("paymentId").asText();
        TestApi.Response reserved = bob.post("/api/resources/" + resourceId + "/reservations", "{\"quantity\":1}");
        assertThat(reserved.status()).isEqualTo(202);
        bobsReservation = reserved.text("reservationId");
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(bob.get(reserved.location())
                .text("status")));
    }

    private String placeAndAwaitCapture(TestApi customer, String name) {
        String body = TestOrders.orderJson(resourceId, 1, name, name + "@example.com", TestOrders.GOOD_CARD)
                .replace("\"customerId\":\"" + name + "\",", "");
        TestApi.Response placed = customer.post("/api/orders", body);
        assertThat(placed.status()).isEqualTo(202);
        assertThat(placed.text("customerId")).isEqualTo(name);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var payments = customer.get(placed.location() + "/payments").body();
            return payments.isArray() && !payments.isEmpty();
        });
        return placed.text("orderId");
    }

    @ParameterizedTest(name = "alice {0} {1} of bob: {2}")
    @CsvSource({
            "GET,  /api/orders/{bobsOrder},                 404",
            "GET,  /api/orders/{bobsOrder}/events,          404",
            "GET,  /api/orders/{bobsOrder}/payments,        404",
            "POST, /api/orders/{bobsOrder}/cancellation,    404",
            "GET,  /api/payments/{bobsPayment},             404",
            "GET,  /api/reservations/{bobsReservation},     404",
            "POST, /api/reservations/{bobsReservation}/release, 404",
            "GET,  /api/orders?customerId=bob,              403",
    })
    void a_customer_cannot_reach_another_customers_things(String method, String path, int status) {
        TestApi.Response response = send(alice, method, path, "{}");
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void a_customer_cannot_order_reserve_or_pay_for_another_customer() {
        TestApi.Response order = alice.post("/api/orders", TestOrders.orderJson(resourceId, 1, "bob",
                "bob@example.com", TestOrders.GOOD_CARD));
        assertThat(order.status()).isEqualTo(403);
        assertThat(order.text("type")).isEqualTo("https://orderly.dev/problems/customer-mismatch");
        assertThat(alice.post("/api/resources/" + resourceId + "/reservations",
                "{\"customerId\":\"bob\",\"quantity\":1}").status()).isEqualTo(403);
        assertThat(alice.post("/api/payments", """
                {"orderId":"%s","amount":100,"currency":"EUR","paymentToken":"%s"}""".formatted(bobsOrder,
                TestSandbox.tokenFor(TestOrders.GOOD_CARD)))
                .status()).isEqualTo(404);
        assertThat(alice.post("/api/stream-tickets", "{\"orderId\":\"" + bobsOrder + "\"}").status())
                .isEqualTo(404);
    }

    @Test
    void a_customer_sees_their_own_things_and_an_operator_sees_everyones() {
        assertThat(alice.get("/api/orders/" + alicesOrder).status()).isEqualTo(200);
        assertThat(alice.get("/api/orders").body().get("items").findValuesAsText("customerId")).containsOnly("alice");
        assertThat(bob.get("/api/reservations/" + bobsReservation).status()).isEqualTo(200);
        assertThat(bob.get("/api/payments/" + bobsPayment).status()).isEqualTo(200);
        assertThat(ops.get("/api/orders/" + bobsOrder).status()).isEqualTo(200);
        assertThat(ops.get("/api/orders/" + alicesOrder).status()).isEqualTo(200);
        assertThat(ops.get("/api/reservations/" + bobsReservation).status()).isEqualTo(200);
        assertThat(ops.get("/api/payments/" + bobsPayment).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "alice {0} {1}: 403")
    @CsvSource({
            "GET,  /api/ops/dashboard",
            "GET,  /api/ops/processors",
            "GET,  /api/ops/dead-letters",
            "POST, /api/ops/dead-letters/order-views/retry",
            "POST, /api/ops/dead-letters/order-views/evict",
            "POST, /api/ops/processors/order-views/replay",
            "GET,  /api/ops/payments/attention",
            "POST, /api/ops/payments/{bobsPayment}/resolution",
            "GET,  /api/ops/intake",
            "POST, /api/ops/intake/pause",
            "POST, /api/ops/intake/resume",
            "POST, /api/ops/resources/{resourceId}/notices",
            "GET,  /api/ops/notices/" + "0b5c9f0e-1111-4222-8333-944455556666",
            "GET,  /api/monitor",
            "GET,  /actuator/prometheus",
            "GET,  /actuator/metrics",
            "POST, /api/resources",
            "PUT,  /api/resources/{resourceId}/capacity",
            "PUT,  /api/resources/{resourceId}/price",
    })
    void a_customer_is_refused_operator_endpoints(String method, String path) {
        TestApi.Response response = send(alice, method, path, "{}");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.text("type")).isEqualTo("https://orderly.dev/problems/forbidden");
    }

    @ParameterizedTest(name = "anonymous {0} {1}: {2}")
    @CsvSource({
            "GET,  /api/resources,                       401",
            "GET,  /api/resources/{resourceId},          401",
            "POST, /api/resources,                       401",
            "POST, /api/resources/{resourceId}/reservations, 401",
            "GET,  /api/orders,                          401",
            "GET,  /api/orders/{bobsOrder},              401",
            "POST, /api/orders,                          401",
            "GET,  /api/orders/{bobsOrder}/events,       401",
            "POST, /api/stream-tickets,                  401",
            "POST, /api/payments,                        401",
            "GET,  /api/payments/{bobsPayment},          401",
            "GET,  /api/reservations/{bobsReservation},  401",
            "GET,  /api/ops/dashboard,                   401",
            "GET,  /api/monitor,                         401",
            "GET,  /actuator/prometheus,                 401",
            "POST, /graphql,                             401",
            "GET,  /actuator/health,                     200",
            "GET,  /v3/api-docs,                         200",
    })
    void a_caller_without_credentials_gets_401_except_on_public_endpoints(String method, String path, int status) {
        TestApi.Response response = send(TestApi.anonymous(port), method, path, "{}");
        assertThat(response.status()).isEqualTo(status);
        if (status == 401) {
            assertThat(response.header("WWW-Authenticate")).startsWith("Basic");
            assertThat(response.text("type")).isEqualTo("https://orderly.dev/problems/unauthenticated");
        }
    }

    @Test
    void wrong_credentials_get_401_and_health_details_are_for_operators_only() {
        TestApi.Response wrong = TestApi.anonymous(port).get("/api/resources", "Authorization",
                TestApi.basic("alice", "not-her-password"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(TestApi.anonymous(port).get("/actuator/health").body().has("components")).isFalse();
        assertThat(ops.get("/actuator/health").body().has("components")).isTrue();
    }

    @Test
    void a_webhook_without_a_signature_gets_401_whoever_sends_it() {
        String shipmentId = UUID.randomUUID().toString();
        String notice = "{\"shipmentId\":\"" + shipmentId + "\",\"orderReference\":\"" + bobsOrder
                + "\",\"carrier\":\"X\",\"trackingNumber\":\"1\"}";
        for (TestApi caller : new TestApi[] {TestApi.anonymous(port), ops}) {
            TestApi.Response refused = caller.post("/api/webhooks/warehouse", notice);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.text("type")).isEqualTo("https://orderly.dev/problems/invalid-signature");
        }
        assertThat(ops.get("/api/orders/" + bobsOrder).body().toString()).doesNotContain(shipmentId);
    }

    private TestApi.Response send(TestApi api, String method, String path, String body) {
        String resolved = path.replace("{bobsOrder}", bobsOrder).replace("{bobsPayment}", bobsPayment)
                .replace("{bobsReservation}", bobsReservation).replace("{resourceId}", resourceId);
        return switch (method) {
            case "GET" -> api.get(resolved);
            case "POST" -> api.post(resolved, body);
            case "PUT" -> api.put(resolved, body);
            default -> throw new IllegalArgumentException(method);
        };
    }
}
