package dev.orderly.order;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.orderly.support.TestOrders.DECLINED_CARD;
import static dev.orderly.support.TestOrders.GOOD_CARD;
import static dev.orderly.support.TestOrders.orderJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Orders end to end over real HTTP and SMTP: the sandbox's payment provider, warehouse (which ships later and calls
 * the signed webhook back) and GreenMail.
 */
@OrderlySystemTest
class OrderFulfilmentIT {

    @LocalServerPort
    int port;
    TestApi api;

    @BeforeEach
    void client() {
        api = new TestApi(port);
    }

    @AfterEach
    void sandboxBack() {
        TestSandbox.holdShipments(false);
    }

    @Test
    void a_happy_order_reaches_shipped_with_exactly_two_e_mails_and_one_picklist() {
        String resourceId = api.registerResource("Desk lamp", 5);
        String email = "happy-" + UUID.randomUUID() + "@example.com";

        TestApi.Response accepted = placeOrder(resourceId, 2, email, GOOD_CARD);

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.location()).startsWith("/api/orders/");
        String orderId = accepted.text("orderId");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get(accepted.location()).text("status")).isEqualTo("SHIPPED"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TestSandbox.mailTo(email)).hasSize(2));

        JsonNode order = api.get(accepted.location()).body();
        assertThat(order.get("paymentStatus").asText()).isEqualTo("CAPTURED");
        assertThat(order.get("total").asLong()).isEqualTo(2 * 1250);
        assertThat(order.get("trackingNumber").asText()).startsWith("SP");
        assertThat(order.get("timeline").findValuesAsText("event")).contains("placed", "reserved",
                "payment requested", "payment captured", "confirmed", "picking", "shipped");
        assertThat(TestSandbox.mailTo(email).findValuesAsText("subject"))
                .containsExactlyInAnyOrder("Your order is confirmed", "Your order has shipped");
        assertThat(TestSandbox.mailTo(email).findValuesAsText("messageId")).doesNotHaveDuplicates()
                .allMatch(id -> id.contains(orderId));
        assertThat(TestSandbox.picklists(orderId)).hasSize(1);
        assertThat(TestSandbox.capturesFor(orderId)).isEqualTo(1);
        assertThat(api.get("/api/resources/" + resourceId).body().get("held").asInt()).isEqualTo(2);
    }

    @Test
    void a_declined_card_cancels_the_order_and_releases_the_reservation() {
        String resourceId = api.registerResource("Armchair", 1);
        String email = "declined-" + UUID.randomUUID() + "@example.com";

        TestApi.Response accepted = placeOrder(resourceId, 1, email, DECLINED_CARD);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get(accepted.location()).text("status")).isEqualTo("CANCELLED"));
        JsonNode order = api.get(accepted.location()).body();
        assertThat(order.get("reason").asText()).isEqualTo("payment declined: card_declined");
        assertThat(order.get("paymentStatus").asText()).isEqualTo("DECLINED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/api/resources/" + resourceId).body().get("free").asInt()).isEqualTo(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TestSandbox.mailTo(email)
                .findValuesAsText("subject")).containsExactly("Your order is cancelled"));
        assertThat(TestSandbox.capturesFor(accepted.text("orderId"))).isZero();
        assertThat(TestSandbox.picklists(accepted.text("orderId"))).isEmpty();
    }

    @Test
    void an_order_for_more_than_is_free_is_rejected_and_nothing_is_charged() {
        String resourceId = api.registerResource("Last sofa", 1);
        String email = "rejected-" + UUID.randomUUID() + "@example.com";

        TestApi.Response accepted = placeOrder(resourceId, 2, email, GOOD_CARD);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get(accepted.location()).text("status")).isEqualTo("REJECTED"));
        assertThat(api.get(accepted.location()).text("reason")).contains("insufficient capacity");
        assertThat(TestSandbox.capturesFor(accepted.text("orderId"))).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(TestSandbox.mailTo(email)
                .findValuesAsText("subject")).containsExactly("We could not take your order"));
    }

    @Test
    void a_customer_cancel_after_payment_refunds_and_releases_and_a_cancel_after_shipping_is_refused() {
        TestSandbox.holdShipments(true);
        String resourceId = api.registerResource("Bookshelf", 3);
        String email = "cancel-" + UUID.randomUUID() + "@example.com";
        TestApi.Response accepted = placeOrder(resourceId, 1, email, GOOD_CARD);
        String orderId = accepted.text("orderId");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get(accepted.location()).text("status")).isEqualTo("PICKING"));

        TestApi.Response cancelled = api.post(accepted.location() + "/cancellation",
                "{\"reason\":\"found a cheaper one\"}");

        assertThat(cancelled.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get(accepted.location()).text("status")).isEqualTo("CANCELLED"));
        assertThat(api.get(accepted.location()).text("paymentStatus")).isEqualTo("REFUNDED");
        assertThat(TestSandbox.capturesFor(orderId)).isEqualTo(1);
        assertThat(TestSandbox.refundsFor(orderId)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/api/resources/" + resourceId).body().get("free").asInt()).isEqualTo(3));

        TestSandbox.holdShipments(false);
        String shippedEmail = "shipped-" + UUID.randomUUID() + "@example.com";
        TestApi.Response shipped = placeOrder(resourceId, 1, shippedEmail, GOOD_CARD);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get(shipped.location()).text("status")).isEqualTo("SHIPPED"));
        TestApi.Response tooLate = api.post(shipped.location() + "/cancellation", "{}");
        assertThat(tooLate.status()).isEqualTo(409);
        assertThat(tooLate.text("type")).isEqualTo("https://orderly.dev/problems/order-already-shipped");
    }

    @Test
    void a_duplicate_shipment_notice_changes_nothing() {
        String resourceId = api.registerResource("Rug", 2);
        String email = "duplicate-" + UUID.randomUUID() + "@example.com";
        TestApi.Response accepted = placeOrder(resourceId, 1, email, GOOD_CARD);
        String orderId = accepted.text("orderId");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(TestSandbox.mailTo(email)).hasSize(2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.get(accepted.location()).body()
                .get("timeline").findValuesAsText("event")).contains("shipped"));

        TestSandbox.redeliverShipment(orderId);

        await().atMost(Duration.ofSeconds(30)).until(() -> deliveries(orderId) >= 2);
        assertThat(TestSandbox.mailTo(email)).hasSize(2);
        assertThat(api.get(accepted.location()).body().get("timeline").findValuesAsText("event"))
                .filteredOn("shipped"::equals).hasSize(1);
    }

    @Test
    void orders_are_listed_per_customer_and_per_status() {
        String resourceId = api.registerResource("Stool", 10);
        String customer = "lister-" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(placeOrder(resourceId, 1, customer, customer + "@example.com", GOOD_CARD).text("orderId"));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                api.get("/api/orders?customerId=" + customer).body().get("items").findValuesAsText("orderId"))
                .containsExactlyInAnyOrderElementsOf(ids));
        TestApi.Response page = api.get("/api/orders?customerId=" + customer + "&limit=2");
        assertThat(page.body().get("items")).hasSize(2);
        TestApi.Response rest = api.get("/api/orders?customerId=" + customer + "&limit=2&after="
                + page.text("nextCursor"));
        assertThat(rest.body().get("items")).hasSize(1);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                api.get("/api/orders?status=SHIPPED&limit=500").body().get("items").findValuesAsText("orderId"))
                .containsAll(ids));
    }

    @Test
    void bad_orders_are_refused_and_store_nothing() {
        String resourceId = api.registerResource("Vase", 1);
        assertThat(api.post("/api/orders", "{}").status()).isEqualTo(400);
        assertThat(api.post("/api/orders", orderJson(resourceId, 0, "x", "x@example.com", GOOD_CARD)).status())
                .isEqualTo(400);
        assertThat(api.post("/api/orders", orderJson(resourceId, 1, "x", "not-an-email", GOOD_CARD)).status())
                .isEqualTo(400);
        TestApi.Response unknown = api.post("/api/orders", orderJson(UUID.randomUUID().toString(), 1, "x",
                "x@example.com", GOOD_CARD));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.text("type")).isEqualTo("https://orderly.dev/problems/unknown-resource");
        assertThat(api.get("/api/orders/" + UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.post("/api/orders/" + UUID.randomUUID() + "/cancellation", "{}").status()).isEqualTo(404);
    }

    private long deliveries(String orderId) {
        return new TestApi(Integer.parseInt(TestSandbox.baseUrl().substring(TestSandbox.baseUrl().lastIndexOf(':')
                + 1))).get("/warehouse/deliveries?orderReference=" + orderId).body().path("data").size();
    }

    private TestApi.Response placeOrder(String resourceId, int quantity, String email, String card) {
        return placeOrder(resourceId, quantity, "customer-" + UUID.randomUUID(), email, card);
    }

    private TestApi.Response placeOrder(String resourceId, int quantity, String customer, String email,
                                        String card) {
        TestApi.Response response = api.post("/api/orders", orderJson(resourceId, quantity, customer, email, card));
        assertThat(response.status()).as("placing an order: %s", response).isEqualTo(202);
        return response;
    }
}
