package dev.orderly.graphql;

import dev.orderly.support.GraphQlHttp;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.client.ClientGraphQlResponse;
import org.springframework.graphql.client.SubscriptionErrorException;
import org.springframework.graphql.client.WebSocketGraphQlClient;
import org.springframework.web.reactive.socket.client.StandardWebSocketClient;
import reactor.core.Disposable;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subscriptions over a real WebSocket (graphql-transport-ws on {@code /graphql}), the handshake signed in with HTTP
 * Basic. The subscription fetchers decide on the caller's own orders and reservations, so these tests also prove
 * that the handshake's principal reaches them: the owner is served, another customer gets {@code NOT_FOUND}.
 */
@OrderlySystemTest
class GraphQlSubscriptionIT {

    private static final String ORDER_STATUS = "subscription($id: UUID!) { orderStatus(orderId: $id) { status } }";
    private static final String RESERVATION_STATUS =
            "subscription($id: UUID!) { reservationStatus(reservationId: $id) { status reason } }";

    @LocalServerPort
    int port;

    private final List<WebSocketGraphQlClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() {
        TestSandbox.outage(false);
        TestSandbox.holdShipments(false);
        clients.forEach(client -> client.stop().block(Duration.ofSeconds(5)));
    }

    @Test
    void a_customer_watches_their_order_go_from_pending_payment_to_shipped_and_the_subscription_completes() {
        String resourceId = resource("Subscribed lamp", 3);
        // Tokenised before the outage: the provider down takes its tokenisation down with it.
        String token = TestSandbox.tokenFor(TestOrders.GOOD_CARD);
        TestSandbox.outage(true);
        TestSandbox.holdShipments(true);
        String orderId = placeOrder(resourceId, token);

        Watch watch = watch(socket("alice"), ORDER_STATUS, orderId, "orderStatus");

        await().atMost(Duration.ofSeconds(30)).until(() -> watch.statuses.contains("PENDING_PAYMENT"));
        TestSandbox.outage(false);
        await().atMost(Duration.ofSeconds(60)).until(() -> watch.statuses.contains("PICKING"));
        TestSandbox.holdShipments(false);
        await().atMost(Duration.ofSeconds(60)).untilTrue(watch.completed);

        assertThat(watch.error.get()).isNull();
        assertThat(watch.statuses).endsWith("SHIPPED");
        assertThat(watch.statuses).containsSubsequence("PENDING_PAYMENT", "PICKING", "SHIPPED")
                .doesNotHaveDuplicates();
        List<String> lifecycle = List.of("PENDING", "PENDING_RESERVATION", "PENDING_PAYMENT", "CONFIRMED", "PICKING",
                "SHIPPED");
        assertThat(watch.statuses).isSortedAccordingTo(Comparator.comparingInt(lifecycle::indexOf));
    }

    @Test
    void another_customer_cannot_watch_the_order_the_handshake_principal_is_theirs() {
        String orderId = placeOrder(resource("Private lamp", 3), TestSandbox.tokenFor(TestOrders.GOOD_CARD));

        Watch watch = watch(socket("bob"), ORDER_STATUS, orderId, "orderStatus");

        await().atMost(Duration.ofSeconds(30)).until(() -> watch.error.get() != null);
        assertThat(watch.statuses).isEmpty();
        assertThat(watch.error.get()).isInstanceOf(SubscriptionErrorException.class);
        var error = ((SubscriptionErrorException) watch.error.get()).getErrors().get(0);
        assertThat(error.getExtensions()).containsEntry("classification", "NOT_FOUND")
                .containsEntry("type", "https://orderly.dev/problems/not-found");
    }

    @Test
    void a_customer_watches_their_reservation_be_confirmed_then_released_and_the_subscription_completes() {
        String resourceId = resource("Subscribed desk", 2);
        String reservationId = reserve("alice", resourceId, 2);

        Watch watch = watch(socket("alice"), RESERVATION_STATUS, reservationId, "reservationStatus");

        await().atMost(Duration.ofSeconds(30)).until(() -> watch.statuses.contains("CONFIRMED"));
        assertThat(watch.completed).isFalse();
        GraphQlHttp.as(port, "alice").data("""
                mutation($id: UUID!) { releaseReservation(reservationId: $id) { reservation { status } } }""",
                "id", reservationId);
        await().atMost(Duration.ofSeconds(30)).untilTrue(watch.completed);

        assertThat(watch.error.get()).isNull();
        assertThat(watch.statuses).endsWith("CONFIRMED", "RELEASED").doesNotHaveDuplicates();
    }

    @Test
    void an_operator_watches_a_reservation_that_does_not_fit_be_rejected() {
        String resourceId = resource("Small shelf", 1);
        String reservationId = reserve("ops", resourceId, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> "CONFIRMED".equals(status(reservationId)));
        String tooMany = reserve("ops", resourceId, 1);

        Watch watch = watch(socket("ops"), RESERVATION_STATUS, tooMany, "reservationStatus");

        await().atMost(Duration.ofSeconds(30)).untilTrue(watch.completed);
        assertThat(watch.error.get()).isNull();
        assertThat(watch.statuses).endsWith("REJECTED");
    }

    private WebSocketGraphQlClient socket(String user) {
        WebSocketGraphQlClient client = WebSocketGraphQlClient.builder("ws://localhost:" + port + "/graphql",
                new StandardWebSocketClient()).header("Authorization", TestApi.basic(user)).build();
        clients.add(client);
        return client;
    }

    private static Watch watch(WebSocketGraphQlClient client, String document, String id, String field) {
        Watch watch = new Watch();
        watch.subscription = client.document(document).variable("id", id).executeSubscription()
                .map(ClientGraphQlResponse::toMap)
                .subscribe(response -> watch.statuses.add(statusOf(response, field)), watch.error::set,
                        () -> watch.completed.set(true));
        return watch;
    }

    @SuppressWarnings("unchecked")
    private static String statusOf(Map<String, Object> response, String field) {
        Map<String, Object> data = (Map<String, Object>) response.get("data");
        return data == null ? "ERROR " + response.get("errors") : (String) ((Map<String, Object>) data.get(field))
                .get("status");
    }

    private String resource(String name, int capacity) {
        return GraphQlHttp.as(port, "ops").data("""
                mutation($name: String!, $capacity: Int!) {
                  registerResource(input: {name: $name, capacity: $capacity, unitPrice: 1250, currency: "EUR"}) { resource { resourceId } }
                }""", "name", name, "capacity", capacity).at("/registerResource/resource/resourceId").asText();
    }

    private String placeOrder(String resourceId, String token) {
        return GraphQlHttp.as(port, "alice").data("""
                mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { order { orderId } } }""",
                "input", Map.of("email", "alice@example.com", "currency", "EUR", "paymentToken", token,
                        "lines", List.of(Map.of("resourceId", resourceId, "quantity", 1, "unitPrice", 1250)),
                        "shipTo", Map.of("name", "Ada", "street", "1 Main St", "city", "Springfield",
                                "postalCode", "12345", "country", "DE")))
                .at("/placeOrder/order/orderId").asText();
    }

    private String reserve(String user, String resourceId, int quantity) {
        Map<String, Object> input = "ops".equals(user) ? Map.of("customerId", "carol", "quantity", quantity)
                : Map.of("quantity", quantity);
        return GraphQlHttp.as(port, user).data("""
                mutation($id: UUID!, $input: ReserveInput!) {
                  reserve(resourceId: $id, input: $input) { reservation { reservationId } }
                }""", "id", resourceId, "input", input).at("/reserve/reservation/reservationId").asText();
    }

    private String status(String reservationId) {
        return GraphQlHttp.as(port, "ops").data("query($id: UUID!) { reservation(id: $id) { status } }",
                "id", reservationId).at("/reservation/status").asText();
    }

    /** What one subscription delivered so far, and how it ended. */
    private static final class Watch {
        final List<String> statuses = new CopyOnWriteArrayList<>();
        final AtomicBoolean completed = new AtomicBoolean();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        Disposable subscription;
    }
}
