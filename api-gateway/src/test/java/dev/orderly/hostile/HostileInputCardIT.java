package dev.orderly.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.support.GraphQlHttp;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer who sends a card number where Orderly takes a provider's token, or anywhere else: in the token, the
 * shipping address, an order line, a payment request, GraphQL variables or a GraphQL document, even in a body that is
 * not JSON. Each is refused with {@code 400 card-number-not-accepted}, names the field but not the number, and
 * leaves nothing behind: no accepted command, no event, no order.
 */
@OrderlySystemTest
class HostileInputCardIT {

    private static final String REFUSED = "https://orderly.dev/problems/card-number-not-accepted";
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    TestApi alice;
    String resourceId;

    @BeforeEach
    void shop() {
        alice = TestApi.as(port, "alice");
        resourceId = new TestApi(port).registerResource("Card-proof shelf", 50);
    }

    @Test
    void a_card_number_instead_of_a_payment_token_is_refused_and_nothing_is_stored() {
        String orderId = UUID.randomUUID().toString();
        ObjectNode order = order(orderId);

        TestApi.Response refused = alice.post("/api/orders", order.put("paymentToken", "4242424242424242").toString());

        assertRefusedWithout(refused, "/paymentToken", "4242424242424242");
        assertNothingStored(orderId, "4242424242424242");
        // The same order with a token is taken: the number alone was the problem.
        assertThat(alice.post("/api/orders", order(orderId).toString()).status()).isEqualTo(202);
    }

    @Test
    void a_card_number_in_the_shipping_address_is_refused_and_nothing_is_stored() {
        assertOrderRefused(order -> ((ObjectNode) order.get("shipTo"))
                .put("street", "Card 4000 0000 0000 9995, 1 Main St"), "/shipTo/street", "4000000000009995");
    }

    @Test
    void a_card_number_in_an_order_line_is_refused_and_nothing_is_stored() {
        assertOrderRefused(order -> ((ObjectNode) order.get("lines").get(0)).put("unitPrice", 4000000000000002L),
                "/lines/0/unitPrice", "4000000000000002");
    }

    @Test
    void a_card_number_in_a_payment_request_is_refused_and_nothing_is_stored() {
        String orderId = UUID.randomUUID().toString();

        TestApi.Response refused = alice.post("/api/payments", """
                {"orderId":"%s","amount":1999,"currency":"EUR","paymentToken":"4000-0000-0000-0077"}"""
                .formatted(orderId));

        assertRefusedWithout(refused, "/paymentToken", "4000000000000077");
        assertNothingStored(orderId, "4000000000000077");
        assertThat(alice.get("/api/payments/" + PaymentId.forOrder(OrderId.of(orderId))).status()).isEqualTo(404);
    }

    @Test
    void a_card_number_in_a_body_that_is_not_json_is_refused_without_being_quoted() {
        String orderId = UUID.randomUUID().toString();
        String broken = order(orderId).put("paymentToken", "4242424242424242").toString().replace("}", "");

        TestApi.Response refused = alice.post("/api/orders", broken);

        assertRefusedWithout(refused, "", "4242424242424242");
        assertNothingStored(orderId, "4242424242424242");
    }

    @Test
    void a_card_number_in_graphql_variables_is_refused_and_nothing_is_stored() throws Exception {
        String orderId = UUID.randomUUID().toString();
        Map<?, ?> input = JSON.treeToValue(order(orderId).put("paymentToken", "4242 4242 4242 4242"), Map.class);

        TestApi.Response refused = GraphQlHttp.as(port, "alice").send("""
                mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { order { orderId } } }""",
                "input", input);

        assertGraphQlRefusedWithout(refused, "variables/input/paymentToken", "4242424242424242");
        assertNothingStored(orderId, "4242424242424242");
    }

    @Test
    void a_card_number_written_into_a_graphql_document_is_refused_and_nothing_is_stored() {
        String orderId = UUID.randomUUID().toString();
        String document = """
                mutation { placeOrder(input: {orderId: "%s", email: "alice@example.com", paymentToken: "%s",
                  lines: [{resourceId: "%s", quantity: 1}],
                  shipTo: {name: "Ada", street: "1 Main St", city: "Springfield", postalCode: "12345", country: "DE"}
                }) { order { orderId } } }""".formatted(orderId, "4000000000000002", resourceId);

        TestApi.Response refused = GraphQlHttp.as(port, "alice").send(document);

        assertGraphQlRefusedWithout(refused, "an argument of the document", "4000000000000002");
        assertNothingStored(orderId, "4000000000000002");
    }

    /** An order with a card number planted in it is refused, and leaves nothing behind. */
    private void assertOrderRefused(Consumer<ObjectNode> plant, String field, String card) {
        String orderId = UUID.randomUUID().toString();
        ObjectNode order = order(orderId);
        plant.accept(order);

        TestApi.Response refused = alice.post("/api/orders", order.toString());

        assertRefusedWithout(refused, field, card);
        assertNothingStored(orderId, card);
    }

    private ObjectNode order(String orderId) {
        try {
            ObjectNode order = (ObjectNode) JSON.readTree(TestOrders.orderJson(resourceId, 1, "alice",
                    "alice@example.com", TestOrders.GOOD_CARD));
            order.remove("customerId");
            return order.put("orderId", orderId);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefusedWithout(TestApi.Response refused, String field, String card) {
        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("type")).isEqualTo(REFUSED);
        assertThat(refused.text("field")).isEqualTo(field);
        assertNotQuoted(refused.body(), card);
    }

    private static void assertGraphQlRefusedWithout(TestApi.Response refused, String where, String card) {
        assertThat(refused.status()).isLessThan(500);
        JsonNode error = refused.body().at("/errors/0");
        assertThat(error.at("/extensions/type").asText()).as(refused.body().toString()).isEqualTo(REFUSED);
        assertThat(error.at("/extensions/status").asInt()).isEqualTo(400);
        assertThat(error.at("/extensions/field").asText()).isEqualTo(where);
        assertThat(refused.body().path("data").isMissingNode() || refused.body().path("data").isNull()).isTrue();
        assertNotQuoted(refused.body(), card);
    }

    /** Not the number, nor the number as written with separators. */
    private static void assertNotQuoted(JsonNode answer, String card) {
        assertThat(answer.toString().replaceAll("[ -]", "")).doesNotContain(card);
    }

    /** No command accepted, no event stored, no order to read, and the number nowhere in either store. */
    private void assertNothingStored(String orderId, String card) {
        String paymentId = PaymentId.forOrder(OrderId.of(orderId)).toString();
        for (String aggregate : List.of(orderId, paymentId)) {
            assertThat(jdbc.queryForObject("SELECT count(*) FROM accepted_command WHERE aggregate_id = ?",
                    Long.class, aggregate)).as("accepted commands of %s", aggregate).isZero();
            assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                    Long.class, aggregate)).as("events of %s", aggregate).isZero();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM accepted_command WHERE payload::text LIKE ?",
                Long.class, "%" + card + "%")).as("accepted commands holding the card").isZero();
        assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE position(? IN convert_from(payload, 'UTF8')) > 0",
                Long.class, card)).as("events holding the card").isZero();
        assertThat(alice.get("/api/orders/" + orderId).status()).isEqualTo(404);
        assertThat(TestSandbox.capturesFor(orderId)).isZero();
    }
}
