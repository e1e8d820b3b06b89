package dev.orderly.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.support.GraphQlHttp;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The GraphQL API over real HTTP: the same operations, rules and errors as REST, on one endpoint. */
@OrderlySystemTest
class GraphQlApiIT {

    private static final String PROBLEMS = "https://orderly.dev/problems/";

    private static final String REGISTER = """
            mutation($name: String!, $capacity: Int!) {
              registerResource(input: {name: $name, capacity: $capacity, unitPrice: 1250, currency: "EUR"}) {
                resource { resourceId name capacity free } consistencyToken }
            }""";
    private static final String PLACE = """
            mutation($input: PlaceOrderInput!) {
              placeOrder(input: $input) { order { orderId customerId status total } consistencyToken }
            }""";
    private static final String ORDER = """
            query($id: UUID!, $token: Long) { order(id: $id, consistentWith: $token) { orderId status consistency } }""";

    @LocalServerPort
    int port;

    GraphQlHttp ops;
    GraphQlHttp alice;
    GraphQlHttp bob;

    @BeforeEach
    void clients() {
        ops = GraphQlHttp.as(port, "ops");
        alice = GraphQlHttp.as(port, "alice");
        bob = GraphQlHttp.as(port, "bob");
    }

    @Test
    void an_operator_registers_a_resource_and_reads_it_back_consistently_with_the_token() {
        JsonNode registered = ops.data(REGISTER, "name", "GraphQL lamp", "capacity", 4).get("registerResource");
        String resourceId = registered.at("/resource/resourceId").asText();
        assertThat(registered.at("/resource/free").asInt()).isEqualTo(4);
        assertThat(registered.get("consistencyToken").isNumber()).isTrue();

        JsonNode read = alice.data("""
                query($id: UUID!, $token: Long) {
                  resource(id: $id, consistentWith: $token) { name capacity held free consistency }
                }""", "id", resourceId, "token", registered.get("consistencyToken").asLong()).get("resource");

        assertThat(read.get("consistency").asText()).isEqualTo("CONSISTENT");
        assertThat(read.get("name").asText()).isEqualTo("GraphQL lamp");
        assertThat(read.get("held").asInt()).isZero();
        JsonNode page = alice.data("{ resources(limit: 500) { items { resourceId } nextCursor } }");
        assertThat(page.at("/resources/items").findValuesAsText("resourceId")).contains(resourceId);
    }

    @Test
    void a_read_without_a_token_reports_no_consistency() {
        String resourceId = resource("Plain read", 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !alice.send(
                "query($id: UUID!) { resource(id: $id) { name } }", "id", resourceId).body().has("errors"));

        JsonNode read = alice.data("query($id: UUID!) { resource(id: $id) { name consistency } }", "id", resourceId);

        assertThat(read.at("/resource/consistency").isNull()).isTrue();
    }

    @Test
    void a_customer_may_not_change_the_catalogue() {
        TestApi.Response refused = alice.send(REGISTER, "name", "Not mine", "capacity", 1);

        assertThat(refused.status()).isEqualTo(200);
        JsonNode error = refused.body().at("/errors/0");
        assertThat(error.at("/extensions/classification").asText()).isEqualTo("FORBIDDEN");
        assertThat(error.at("/extensions/type").asText()).isEqualTo(PROBLEMS + "forbidden");
        assertThat(error.at("/extensions/status").asInt()).isEqualTo(403);
        assertThat(refused.body().at("/data").isNull()).isTrue();

        String resourceId = resource("Ops only", 3);
        TestApi.Response capacity = alice.send("""
                mutation($id: UUID!) { changeCapacity(resourceId: $id, input: {capacity: 9}) { capacity } }""",
                "id", resourceId);
        assertThat(capacity.body().at("/errors/0/extensions/classification").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void an_operator_changes_capacity_and_gets_a_token() {
        String resourceId = resource("Growing shelf", 2);

        JsonNode changed = ops.data("""
                mutation($id: UUID!) {
                  changeCapacity(resourceId: $id, input: {capacity: 7}) { resourceId capacity consistencyToken }
                }""", "id", resourceId).get("changeCapacity");
        JsonNode read = ops.data("query($id: UUID!, $token: Long) { resource(id: $id, consistentWith: $token) "
                + "{ capacity consistency } }", "id", resourceId, "token", changed.get("consistencyToken").asText());

        assertThat(changed.get("capacity").asInt()).isEqualTo(7);
        assertThat(read.at("/resource/capacity").asInt()).isEqualTo(7);
        assertThat(read.at("/resource/consistency").asText()).isEqualTo("CONSISTENT");
    }

    @Test
    void an_operator_changes_a_price_and_an_order_quoting_the_old_one_is_refused_with_the_current_price() {
        String resourceId = resource("Repriced shelf", 3);

        JsonNode changed = ops.data("""
                mutation($id: UUID!) {
                  changePrice(resourceId: $id, input: {unitPrice: 1400, currency: "EUR"}) {
                    unitPrice currency consistencyToken }
                }""", "id", resourceId).get("changePrice");
        JsonNode read = ops.data("query($id: UUID!, $token: Long) { resource(id: $id, consistentWith: $token) "
                + "{ unitPrice currency } }", "id", resourceId, "token", changed.get("consistencyToken").asText());
        TestApi.Response quotedOld = alice.send(PLACE, "input", order(resourceId, null, "alice@example.com"));
        TestApi.Response byCustomer = alice.send("""
                mutation($id: UUID!) { changePrice(resourceId: $id, input: {unitPrice: 1, currency: "EUR"}) {
                  unitPrice } }""", "id", resourceId);

        assertThat(changed.get("unitPrice").asLong()).isEqualTo(1400);
        assertThat(read.at("/resource/unitPrice").asLong()).isEqualTo(1400);
        JsonNode refusal = quotedOld.body().at("/errors/0/extensions");
        assertThat(refusal.get("type").asText()).isEqualTo(PROBLEMS + "price-changed");
        assertThat(refusal.get("currentUnitPrice").asLong()).isEqualTo(1400);
        assertThat(byCustomer.body().at("/errors/0/extensions/classification").asText()).isEqualTo("FORBIDDEN");
    }

    @Test
    void invalid_input_is_a_bad_request_with_the_problem_type_and_never_a_server_error() {
        TestApi.Response zero = ops.send(REGISTER, "name", "Nothing", "capacity", 0);
        assertThat(zero.status()).isLessThan(500);
        JsonNode error = zero.body().at("/errors/0");
        assertThat(error.at("/extensions/classification").asText()).isEqualTo("BAD_REQUEST");
        assertThat(error.at("/extensions/type").asText()).isEqualTo(PROBLEMS + "invalid-request");
        assertThat(error.at("/extensions/status").asInt()).isEqualTo(400);
        assertThat(error.at("/extensions/errors/0/field").asText()).contains("capacity");

        Map<String, Object> badOrder = order(resource("Validated", 5), "alice", "not-an-email");
        TestApi.Response order = alice.send(PLACE, "input", badOrder);
        assertThat(order.body().at("/errors/0/extensions/type").asText()).isEqualTo(PROBLEMS + "invalid-request");
        assertThat(order.body().at("/errors/0/extensions/errors").findValuesAsText("field"))
                .anySatisfy(field -> assertThat(field).endsWith("email"));

        for (TestApi.Response bad : List.of(
                alice.send("{ order(id: \"not-a-uuid\") { status } }"),
                alice.send("query($id: UUID!) { order(id: $id) { status } }", "id", "42"),
                alice.send("{ order(id: \"" + UUID.randomUUID() + "\") { noSuchField } }"),
                alice.send("{ orders(limit: 0) { items { orderId } } }"),
                alice.send("{ orders(status: \"drop table\") { items { orderId } } }"),
                alice.send("query { this is not graphql"))) {
            assertThat(bad.status()).isLessThan(500);
            assertThat(bad.body().at("/errors/0/extensions/type").asText()).isEqualTo(PROBLEMS + "invalid-request");
            assertThat(bad.body().at("/errors/0/extensions/status").asInt()).isEqualTo(400);
            assertThat(bad.body().toString()).doesNotContain("Exception", "\tat ");
        }
        TestApi.Response notJson = TestApi.as(port, "alice").post("/graphql", "{not json");
        assertThat(notJson.status()).isBetween(400, 499);
    }

    @Test
    void an_anonymous_caller_is_refused_with_401() {
        TestApi.Response anonymous = GraphQlHttp.anonymous(port).send("{ resources { items { resourceId } } }");

        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void a_customer_places_and_reads_their_order_and_another_customer_finds_nothing() {
        String resourceId = resource("Order desk", 5);

        JsonNode placed = alice.data(PLACE, "input", order(resourceId, null, "alice@example.com"))
                .at("/placeOrder/order");
        String orderId = placed.get("orderId").asText();
        assertThat(placed.get("customerId").asText()).isEqualTo("alice");
        assertThat(placed.get("total").asLong()).isEqualTo(2 * 1250);

        assertThat(alice.data(ORDER, "id", orderId).at("/order/orderId").asText()).isEqualTo(orderId);
        TestApi.Response someoneElses = bob.send(ORDER, "id", orderId);
        assertThat(someoneElses.body().at("/data/order").isNull()).isTrue();
        assertThat(someoneElses.body().at("/errors/0/extensions/classification").asText()).isEqualTo("NOT_FOUND");
        assertThat(someoneElses.body().at("/errors/0/extensions/type").asText()).isEqualTo(PROBLEMS + "not-found");
        assertThat(someoneElses.body().at("/errors/0/extensions/status").asInt()).isEqualTo(404);

        // Lists come from the read model: the order shows there once projected.
        String list = "{ orders(limit: 500) { items { orderId customerId } } }";
        await().atMost(Duration.ofSeconds(30)).until(() -> alice.data(list).at("/orders/items")
                .findValuesAsText("orderId").contains(orderId));
        assertThat(alice.data(list).at("/orders/items").findValuesAsText("customerId")).containsOnly("alice");
        assertThat(bob.data("{ orders(limit: 500) { items { orderId } } }").at("/orders/items")
                .findValuesAsText("orderId")).doesNotContain(orderId);
        TestApi.Response missing = alice.send(ORDER, "id", UUID.randomUUID().toString());
        assertThat(missing.body().at("/errors/0/extensions/classification").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void cancelling_answers_a_token_that_a_read_waits_for() {
        String resourceId = resource("Cancel stand", 5);
        String orderId = alice.data(PLACE, "input", order(resourceId, null, "alice@example.com"))
                .at("/placeOrder/order/orderId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> !"PENDING".equals(
                alice.data(ORDER, "id", orderId).at("/order/status").asText()));

        JsonNode cancelled = alice.data("""
                mutation($id: UUID!) {
                  cancelOrder(orderId: $id, input: {reason: "changed my mind"}) { order { status } consistencyToken }
                }""", "id", orderId).get("cancelOrder");
        JsonNode read = alice.data(ORDER, "id", orderId, "token", cancelled.get("consistencyToken").asLong());

        assertThat(cancelled.get("consistencyToken").isNumber()).isTrue();
        assertThat(read.at("/order/consistency").asText()).isEqualTo("CONSISTENT");
        assertThat(read.at("/order/status").asText()).isIn("CANCEL_PENDING", "CANCELLED");
    }

    @Test
    void a_customer_reserves_reads_and_releases_and_another_customer_finds_nothing() {
        String resourceId = resource("Reservable", 3);

        JsonNode reserved = alice.data("""
                mutation($id: UUID!) {
                  reserve(resourceId: $id, input: {quantity: 2}) {
                    reservation { reservationId customerId quantity status } consistencyToken }
                }""", "id", resourceId).at("/reserve/reservation");
        String reservationId = reserved.get("reservationId").asText();
        assertThat(reserved.get("customerId").asText()).isEqualTo("alice");
        assertThat(reserved.get("status").asText()).isIn("PENDING", "CONFIRMED");

        String read = "query($id: UUID!) { reservation(id: $id) { status } }";
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "CONFIRMED".equals(alice.data(read, "id", reservationId).at("/reservation/status").asText()));
        TestApi.Response someoneElses = bob.send(read, "id", reservationId);
        assertThat(someoneElses.body().at("/errors/0/extensions/classification").asText()).isEqualTo("NOT_FOUND");
        TestApi.Response notTheirs = bob.send("""
                mutation($id: UUID!) { releaseReservation(reservationId: $id) { reservation { status } } }""",
                "id", reservationId);
        assertThat(notTheirs.body().at("/errors/0/extensions/classification").asText()).isEqualTo("NOT_FOUND");

        JsonNode released = alice.data("""
                mutation($id: UUID!) {
                  releaseReservation(reservationId: $id, input: {reason: "done"}) { reservation { status } }
                }""", "id", reservationId);
        assertThat(released.at("/releaseReservation/reservation/status").asText()).isEqualTo("CONFIRMED");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "RELEASED".equals(alice.data(read, "id", reservationId).at("/reservation/status").asText()));
    }

    @Test
    void an_order_has_one_payment_which_its_customer_sees_and_another_customer_does_not() {
        String orderId = alice.data(PLACE, "input", order(resource("Payable", 5), null, "alice@example.com"))
                .at("/placeOrder/order/orderId").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> !"PENDING".equals(
                alice.data(ORDER, "id", orderId).at("/order/status").asText()));
        String ofOrder = "query($id: UUID!) { paymentsOfOrder(orderId: $id) { paymentId } }";
        await().atMost(Duration.ofSeconds(30)).until(() -> !alice.data(ofOrder, "id", orderId)
                .get("paymentsOfOrder").isEmpty());
        String paymentId = alice.data(ofOrder, "id", orderId).at("/paymentsOfOrder/0/paymentId").asText();

        // The order is paid by its saga: a second payment could only be a second charge.
        String request = "mutation($input: RequestPaymentInput!) { requestPayment(input: $input) { payment { status } } }";
        TestApi.Response second = alice.send(request, "input", Map.of("orderId", orderId, "amount", 500,
                "currency", "EUR", "paymentToken", TestSandbox.tokenFor(TestOrders.GOOD_CARD)));
        assertThat(second.body().at("/errors/0/extensions/type").asText())
                .isEqualTo("https://orderly.dev/problems/order-already-has-payment");

        String payment = "query($id: UUID!) { payment(id: $id) { paymentId status consistency } }";
        assertThat(alice.data(payment, "id", paymentId).at("/payment/paymentId").asText()).isEqualTo(paymentId);
        assertThat(bob.send(payment, "id", paymentId).body().at("/errors/0/extensions/classification").asText())
                .isEqualTo("NOT_FOUND");
        assertThat(bob.send(ofOrder, "id", orderId).body().at("/errors/0/extensions/classification").asText())
                .isEqualTo("NOT_FOUND");
        TestApi.Response forSomeoneElse = bob.send(request, "input", Map.of("orderId", orderId, "amount", 500,
                "currency", "EUR", "paymentToken", TestSandbox.tokenFor(TestOrders.DECLINED_CARD)));
        assertThat(forSomeoneElse.body().at("/errors/0/extensions/classification").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void a_depth_bomb_is_refused_before_it_runs() {
        String deep = "{ resources { items { name } } __type(name: \"Order\") { fields { type { "
                + "ofType { ".repeat(9) + "name" + " }".repeat(9) + " } } } }";

        TestApi.Response refused = alice.send(deep);

        assertThat(refused.status()).isLessThan(500);
        assertThat(refused.body().at("/data").isMissingNode() || refused.body().at("/data").isNull()).isTrue();
        assertThat(refused.body().at("/errors/0/message").asText()).containsIgnoringCase("depth");
        assertThat(refused.body().at("/errors/0/extensions/type").asText()).isEqualTo(PROBLEMS + "query-too-complex");
        assertThat(refused.body().at("/errors/0/extensions/status").asInt()).isEqualTo(400);
    }

    @Test
    void an_alias_bomb_is_refused_and_nothing_of_it_runs() {
        String name = "alias-bomb-" + UUID.randomUUID();
        String aliases = IntStream.range(0, 100).mapToObj(i -> "a" + i
                        + ": registerResource(input: {name: \"" + name + "\", capacity: 1, unitPrice: 1250, currency: \"EUR\"}) { resource { resourceId } }")
                .collect(Collectors.joining("\n"));

        TestApi.Response refused = ops.send("mutation {\n" + aliases + "\n}");

        assertThat(refused.status()).isLessThan(500);
        assertThat(refused.body().at("/errors/0/message").asText()).containsIgnoringCase("complexity");
        assertThat(refused.body().at("/errors/0/extensions/type").asText()).isEqualTo(PROBLEMS + "query-too-complex");
        JsonNode names = ops.data("{ resources(limit: 500) { items { name } } }").at("/resources/items");
        assertThat(names.findValuesAsText("name")).doesNotContain(name);
    }

    @Test
    void graphiql_is_served_and_its_deep_schema_query_is_not_taken_for_a_bomb() {
        TestApi.Response page = TestApi.anonymous(port).get("/graphiql");
        assertThat(page.status()).isIn(200, 302, 307);

        JsonNode schema = alice.data("{ __schema { queryType { name } types { name fields { name type { name "
                + "ofType { name ".repeat(8) + "}".repeat(8) + " } } } } }");

        assertThat(schema.at("/__schema/queryType/name").asText()).isEqualTo("Query");
    }

    private String resource(String name, int capacity) {
        return ops.data(REGISTER, "name", name, "capacity", capacity).at("/registerResource/resource/resourceId")
                .asText();
    }

    private static Map<String, Object> order(String resourceId, String customerId, String email) {
        Map<String, Object> input = new java.util.HashMap<>(Map.of("email", email, "currency", "EUR",
                "paymentToken", TestSandbox.tokenFor(TestOrders.GOOD_CARD),
                "lines", List.of(Map.of("resourceId", resourceId, "quantity", 2, "unitPrice", 1250)),
                "shipTo", Map.of("name", "Ada", "street", "1 Main St", "city", "Springfield",
                        "postalCode", "12345", "country", "DE")));
        if (customerId != null) {
            input.put("customerId", customerId);
        }
        return input;
    }
}
