package dev.orderly.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.support.GraphQlHttp;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The schema's new shape over real HTTP: paging through connections, {@code me}, links and their ownership, the
 * bounds on what one query may ask for, and the deprecated fields answering as before.
 */
@OrderlySystemTest
class GraphQlConnectionsIT {

    private static final String PROBLEMS = "https://orderly.dev/problems/";
    private static final String PLACE = """
            mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { order { orderId } consistencyToken } }""";
    private static final String MY_ORDERS = """
            query($first: Int, $after: String) {
              me { customerId orders(first: $first, after: $after) {
                edges { cursor node { orderId customerId } } pageInfo { hasNextPage hasPreviousPage endCursor } } }
            }""";

    @LocalServerPort
    int port;


    @Test
    void paging_through_my_orders_with_cursors_loses_and_repeats_none_and_holds_only_mine() {
        String resourceId = resource("Paged shelf", 20);
        List<String> placed = IntStream.range(0, 5).mapToObj(i -> place(as("alice"), resourceId)).toList();
        String bobs = place(as("bob"), resourceId);
        await().atMost(Duration.ofSeconds(20)).until(() -> allMine(as("alice")).containsAll(placed));

        List<String> paged = new ArrayList<>();
        String after = null;
        boolean more = true;
        int pages = 0;
        while (more) {
            JsonNode me = as("alice").data(MY_ORDERS, "first", 3, "after", after).get("me");
            JsonNode connection = me.get("orders");
            assertThat(me.get("customerId").asText()).isEqualTo("alice");
            assertThat(connection.at("/pageInfo/hasPreviousPage").asBoolean()).isEqualTo(after != null);
            assertThat(connection.get("edges").size()).isBetween(1, 3);
            for (JsonNode edge : connection.get("edges")) {
                assertThat(edge.at("/node/customerId").asText()).isEqualTo("alice");
                paged.add(edge.at("/node/orderId").asText());
            }
            assertThat(connection.at("/pageInfo/endCursor").asText())
                    .isEqualTo(connection.at("/edges/" + (connection.get("edges").size() - 1) + "/cursor").asText());
            more = connection.at("/pageInfo/hasNextPage").asBoolean();
            after = connection.at("/pageInfo/endCursor").asText();
            pages++;
        }

        assertThat(paged).doesNotHaveDuplicates().containsAll(placed).doesNotContain(bobs);
        assertThat(paged).isSorted().isEqualTo(allMine(as("alice")));
        assertThat(pages).isEqualTo((paged.size() + 2) / 3);
        assertThat(allMine(as("bob"))).contains(bobs).doesNotContainAnyElementsOf(placed);
    }

    @Test
    void an_operators_me_holds_their_own_orders_not_everyones() {
        String resourceId = resource("Operator's own", 5);
        String alices = place(as("alice"), resourceId);
        await().atMost(Duration.ofSeconds(20)).until(() -> allMine(as("alice")).contains(alices));

        assertThat(allMine(as("ops"))).doesNotContain(alices);
        JsonNode all = as("ops").data("{ orderConnection(first: 100, customerId: \"alice\") "
                + "{ edges { node { orderId } } } }");
        assertThat(all.at("/orderConnection/edges").findValuesAsText("orderId")).contains(alices);
    }

    @Test
    void paging_through_resources_matches_the_deprecated_page_item_for_item() {
        List<String> registered = IntStream.range(0, 3).mapToObj(i -> resource("Catalogue item " + i, 1)).toList();
        String oldPage = "{ resources(limit: 500) { items { resourceId } } }";
        await().atMost(Duration.ofSeconds(20)).until(() -> as("ops").data(oldPage).at("/resources/items")
                .findValuesAsText("resourceId").containsAll(registered));
        List<String> old = as("ops").data(oldPage).at("/resources/items").findValuesAsText("resourceId");

        List<String> paged = new ArrayList<>();
        String after = null;
        do {
            JsonNode connection = as("alice").data("""
                    query($after: String) { resourceConnection(first: 3, after: $after) {
                      edges { node { resourceId } } pageInfo { hasNextPage endCursor } } }""", "after", after)
                    .get("resourceConnection");
            connection.get("edges").forEach(edge -> paged.add(edge.at("/node/resourceId").asText()));
            after = connection.at("/pageInfo/hasNextPage").asBoolean()
                    ? connection.at("/pageInfo/endCursor").asText() : null;
        } while (after != null);

        assertThat(paged).doesNotHaveDuplicates().isEqualTo(old);
    }

    @Test
    void a_cursor_this_api_did_not_give_out_is_refused_as_invalid_cursor_never_an_internal_error() {
        String resourceId = resource("Cursor source", 3);
        String resourceCursor = as("alice").data("{ resourceConnection(first: 1) { pageInfo { endCursor } } }")
                .at("/resourceConnection/pageInfo/endCursor").asText();
        List<String> forged = List.of("not a cursor", "%%%", "", resourceCursor,
                encode("ORDER:" + resourceId.toUpperCase()), encode("ORDER:not-a-uuid"), encode("ORDER:"),
                encode("RESERVATION:" + UUID.randomUUID()), encode("order:" + UUID.randomUUID()));

        for (String cursor : forged) {
            TestApi.Response refused = as("alice").send(MY_ORDERS, "first", 2, "after", cursor);
            assertThat(refused.status()).as(cursor).isEqualTo(200);
            JsonNode error = refused.body().at("/errors/0");
            assertThat(error.at("/extensions/type").asText()).as(cursor).isEqualTo(PROBLEMS + "invalid-cursor");
            assertThat(error.at("/extensions/status").asInt()).isEqualTo(400);
            assertThat(error.at("/extensions/classification").asText()).isEqualTo("BAD_REQUEST");
            assertThat(error.at("/extensions/argument").asText()).isEqualTo("after");
            assertThat(refused.body().path("data").path("me").isMissingNode()
                    || refused.body().at("/data/me").isNull()).as("no data for " + cursor).isTrue();
        }
        // one of our own, for the list it was made for, is taken
        assertThat(as("alice").send("query($after: String) { resourceConnection(first: 1, after: $after) { "
                + "edges { cursor } } }", "after", resourceCursor).body().has("errors")).isFalse();
    }

    @Test
    void first_is_bounded_and_a_query_may_not_ask_for_more_items_than_the_limit_in_all() {
        for (int first : new int[] {0, -1, 101, 1_000_000}) {
            TestApi.Response refused = as("alice").send("""
                    query($first: Int) { me { orders(first: $first) { edges { node { payment { status } } } } } }""",
                    "first", first);
            assertThat(refused.status()).isLessThan(500);
            assertThat(refused.body().at("/errors/0/extensions/status").asInt()).as("first " + first).isEqualTo(400);
            assertThat(refused.body().at("/errors/0/extensions/type").asText())
                    .isIn(PROBLEMS + "invalid-request", PROBLEMS + "query-too-complex");
        }
        // six full pages with links under them, each page valid on its own: 600 items, over the 500 of max-items
        String aliased = IntStream.range(0, 6).mapToObj(i -> "p" + i + ": orderConnection(first: 100) "
                        + "{ edges { node { payment { status } lines { resource { name } } } } }")
                .collect(Collectors.joining(" ", "{ ", " }"));
        TestApi.Response tooMany = as("ops").send(aliased);
        assertThat(tooMany.body().at("/errors/0/extensions/type").asText())
                .isEqualTo(PROBLEMS + "query-too-complex");
        assertThat(tooMany.body().at("/errors/0/message").asText()).contains("600", "500");
        assertThat(tooMany.body().at("/data").isNull() || tooMany.body().at("/data").isMissingNode()).isTrue();
        // the same pages through the deprecated field count as well
        TestApi.Response oldPages = as("ops").send("{ a: orders(limit: 500) { items { orderId } } b: orders(limit: 1) "
                + "{ items { orderId } } }");
        assertThat(oldPages.body().at("/errors/0/extensions/type").asText())
                .isEqualTo(PROBLEMS + "query-too-complex");
        // a first of 2^31 - 1 beside them must not wrap the sum around to a small number and let them through
        String wrapped = IntStream.range(0, 60)
                .mapToObj(i -> "a" + i + ": resources(limit: 500) { items { resourceId } }")
                .collect(Collectors.joining(" ",
                        "{ x: resourceConnection(first: 2147483647) { pageInfo { hasNextPage } } ", " }"));
        TestApi.Response overflow = as("alice").send(wrapped);
        assertThat(overflow.body().at("/errors/0/extensions/type").asText())
                .isEqualTo(PROBLEMS + "query-too-complex");
        assertThat(overflow.body().at("/data").isNull() || overflow.body().at("/data").isMissingNode()).isTrue();
        // five full pages are within it
        String five = IntStream.range(0, 5).mapToObj(i -> "p" + i
                        + ": orderConnection(first: 100) { edges { node { payment { status } } } }")
                .collect(Collectors.joining(" ", "{ ", " }"));
        assertThat(as("ops").send(five).body().has("errors")).isFalse();
    }

    @Test
    void links_resolve_to_the_same_views_as_their_own_queries_and_follow_the_orders_ownership() {
        String resourceId = resource("Linked lamp", 5);
        String orderId = place(as("alice"), resourceId);
        String linked = """
                query($id: UUID!) { order(id: $id) {
                  status paymentId payment { paymentId orderId status amount }
                  lines { resourceId resource { resourceId name } } } }""";
        await().atMost(Duration.ofSeconds(20)).until(() -> !as("alice").data(linked, "id", orderId)
                .at("/order/payment").isNull());

        JsonNode order = as("alice").data(linked, "id", orderId).get("order");
        JsonNode payment = as("alice").data("query($id: UUID!) { payment(id: $id) { paymentId orderId amount } }",
                "id", order.get("paymentId").asText()).get("payment");
        assertThat(order.at("/payment/paymentId").asText()).isEqualTo(order.get("paymentId").asText());
        assertThat(order.at("/payment/orderId").asText()).isEqualTo(orderId);
        assertThat(order.at("/payment/amount").asLong()).isEqualTo(payment.get("amount").asLong());
        assertThat(order.at("/lines/0/resource/resourceId").asText()).isEqualTo(resourceId);
        assertThat(order.at("/lines/0/resource/name").asText()).isEqualTo("Linked lamp");

        TestApi.Response bobs = as("bob").send(linked, "id", orderId);
        assertThat(bobs.body().at("/data/order").isNull()).isTrue();
        assertThat(bobs.body().at("/errors/0/extensions/classification").asText()).isEqualTo("NOT_FOUND");
        assertThat(bobs.body().toString()).doesNotContain(order.get("paymentId").asText());
        JsonNode bobsLists = as("bob")
                .data("{ me { orders(first: 100) { edges { node { payment { paymentId } } } } } }");
        assertThat(bobsLists.toString()).doesNotContain(orderId, order.get("paymentId").asText());
    }

    @Test
    void my_reservations_link_to_their_resource_and_hold_only_mine() {
        String resourceId = resource("Reserved desk", 10);
        String mine = reserve(as("alice"), resourceId);
        String bobs = reserve(as("bob"), resourceId);
        String reservations = """
                query($after: String) { me { reservations(first: 100, after: $after) {
                  edges { node { reservationId customerId status resource { resourceId name } } } } } }""";
        await().atMost(Duration.ofSeconds(20)).until(() -> as("alice").data(reservations, "after", null)
                .at("/me/reservations/edges").findValuesAsText("reservationId").contains(mine));

        JsonNode edges = as("alice").data(reservations, "after", null).at("/me/reservations/edges");
        assertThat(edges.findValuesAsText("customerId")).containsOnly("alice");
        assertThat(edges.findValuesAsText("reservationId")).contains(mine).doesNotContain(bobs);
        JsonNode node = null;
        for (JsonNode edge : edges) {
            if (edge.at("/node/reservationId").asText().equals(mine)) {
                node = edge.get("node");
            }
        }
        assertThat(node.get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(node.at("/resource/name").asText()).isEqualTo("Reserved desk");
        JsonNode read = as("alice").data("query($id: UUID!) { reservation(id: $id) { resource { resourceId } } }",
                "id", mine).get("reservation");
        assertThat(read.at("/resource/resourceId").asText()).isEqualTo(resourceId);
        TestApi.Response bobReadsMine = as("bob").send(
                "query($id: UUID!) { reservation(id: $id) { resource { name } } }",
                "id", mine);
        assertThat(bobReadsMine.body().at("/data/reservation").isNull()).isTrue();
    }

    @Test
    void a_list_read_with_a_token_sees_my_write_and_a_link_reports_no_consistency_nobody_waited_for() {
        String resourceId = resource("Consistent list", 5);
        JsonNode placed = as("alice").data(PLACE, "input", order(resourceId)).get("placeOrder");
        String orderId = placed.at("/order/orderId").asText();

        JsonNode me = as("alice").data("""
                query($token: Long) { me { orders(first: 100, consistentWith: $token) {
                  consistency edges { node { orderId consistency } } } } }""",
                "token", placed.get("consistencyToken").asLong()).at("/me/orders");
        assertThat(me.get("consistency").asText()).isEqualTo("CONSISTENT");
        assertThat(me.get("edges").findValuesAsText("orderId")).contains(orderId);
        assertThat(me.get("edges").findValues("consistency")).allMatch(JsonNode::isNull);

        JsonNode read = as("alice").data("""
                query($id: UUID!, $token: Long) { order(id: $id, consistentWith: $token) {
                  consistency payment { consistency } } }""", "id", orderId,
                "token", placed.get("consistencyToken").asLong()).get("order");
        assertThat(read.get("consistency").asText()).isEqualTo("CONSISTENT");
        assertThat(read.at("/payment/consistency").isNull() || read.at("/payment").isNull()).isTrue();
    }

    @Test
    void the_deprecated_fields_answer_as_before_and_the_new_ones_tell_the_same_instants() {
        String resourceId = resource("Old clients", 5);
        String orderId = place(as("alice"), resourceId);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestApi.as(port, "alice").get("/api/orders/" + orderId)
                .body().path("timeline").size() > 0);
        JsonNode rest = TestApi.as(port, "alice").get("/api/orders/" + orderId).body();

        JsonNode order = as("alice").data("""
                query($id: UUID!) { order(id: $id) {
                  status placedAt updatedAt placedTime updatedTime timeline { at time event } } }""", "id", orderId)
                .get("order");
        assertThat(order.get("placedAt").asText()).isEqualTo(rest.get("placedAt").asText());
        assertThat(order.at("/timeline/0/at").asText()).isEqualTo(rest.at("/timeline/0/at").asText());
        assertThat(Instant.parse(order.get("placedTime").asText()))
                .isEqualTo(Instant.parse(rest.get("placedAt").asText()).truncatedTo(ChronoUnit.MILLIS));
        assertThat(order.at("/timeline/0/time").asText())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        // the order moves on meanwhile: its status is one REST can answer too, as the same name
        assertThat(order.get("status").asText()).isIn("PENDING_PAYMENT", "CONFIRMED", "PICKING", "SHIPPED");

        JsonNode old = as("alice").data("{ orders(limit: 500) { items { orderId placedAt } nextCursor } }")
                .get("orders");
        assertThat(old.get("items").findValuesAsText("orderId")).isEqualTo(allMine(as("alice")));
    }

    /** The caller's orders through {@code me}, every page of 100. */
    private List<String> allMine(GraphQlHttp caller) {
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = caller.data(MY_ORDERS, "first", 100, "after", after).at("/me/orders");
            ids.addAll(page.get("edges").findValuesAsText("orderId"));
            after = page.at("/pageInfo/hasNextPage").asBoolean() ? page.at("/pageInfo/endCursor").asText() : null;
        } while (after != null);
        return ids;
    }

    /** A client acting as one of the default profile's users. */
    private GraphQlHttp as(String user) {
        return GraphQlHttp.as(port, user);
    }

    private String resource(String name, int capacity) {
        return as("ops").data("""
                mutation($name: String!, $capacity: Int!) {
                  registerResource(input: {name: $name, capacity: $capacity, unitPrice: 1250, currency: "EUR"}) {
                    resource { resourceId } } }""", "name", name, "capacity", capacity)
                .at("/registerResource/resource/resourceId").asText();
    }

    private String place(GraphQlHttp customer, String resourceId) {
        return customer.data(PLACE, "input", order(resourceId)).at("/placeOrder/order/orderId").asText();
    }

    private String reserve(GraphQlHttp customer, String resourceId) {
        return customer.data("""
                mutation($id: UUID!) {
                  reserve(resourceId: $id, input: {quantity: 1}) { reservation { reservationId } } }""",
                "id", resourceId).at("/reserve/reservation/reservationId").asText();
    }

    private static Map<String, Object> order(String resourceId) {
        return Map.of("email", "someone@example.com", "paymentToken", TestSandbox.tokenFor(TestOrders.GOOD_CARD),
                "lines", List.of(Map.of("resourceId", resourceId, "quantity", 1)),
                "shipTo", Map.of("name", "Ada", "street", "1 Main St", "city", "Springfield", "postalCode", "12345",
                        "country", "DE"));
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
