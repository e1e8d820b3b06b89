package dev.orderly.browser;

import dev.orderly.support.GraphQlSocket;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import static dev.orderly.browser.CrossOriginClient.FRONTEND;
import static dev.orderly.browser.EventSourceClient.placeOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * A browser cannot put {@code Authorization} on a WebSocket handshake, so a page opens the GraphQL WebSocket without
 * credentials and authenticates in {@code connection_init}'s payload. The handshake's {@code Origin} is checked as
 * before; a connection that proves no one, or proves it with wrong credentials, is closed {@code 4401} before any
 * operation runs; the identity it proves is the one every operation runs as.
 */
@OrderlySystemTest
class GraphQlConnectionInitIT {

    static final String ORDER_STATUS = "subscription($id: UUID!) { orderStatus(orderId: $id) { orderId status } }";
    static final Map.Entry<Integer, String> UNAUTHORIZED = Map.entry(4401, "Unauthorized");

    @LocalServerPort
    int port;

    @Test
    void a_page_authenticates_in_connection_init_with_basic_and_its_subscription_runs_as_that_customer() {
        String orderId = order();
        GraphQlSocket alice = GraphQlSocket.open(port, FRONTEND, null);

        alice.init(Map.of("Authorization", TestApi.basic("alice")));
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.received("\"connection_ack\""));
        alice.subscribe("1", ORDER_STATUS, Map.of("id", orderId));

        await().atMost(Duration.ofSeconds(30)).until(() -> alice.received("\"next\"", orderId));
        assertThat(alice.closed).isNotDone();
    }

    @Test
    void the_identity_connection_init_proves_is_the_one_operations_run_as() {
        String alicesOrder = order();
        // bob proves who he is on a handshake of his own, then claims alice's order
        GraphQlSocket bob = GraphQlSocket.open(port, FRONTEND, null);

        bob.init(Map.of("authorization", TestApi.basic("bob")));
        await().atMost(Duration.ofSeconds(10)).until(() -> bob.received("\"connection_ack\""));
        bob.subscribe("1", ORDER_STATUS, Map.of("id", alicesOrder));

        await().atMost(Duration.ofSeconds(30)).until(() -> bob.received("\"error\"") || bob.received("\"errors\""));
        assertThat(bob.received("\"next\"", "\"status\":\"")).isFalse();
        assertThat(String.join("\n", bob.messages)).contains("does not exist").doesNotContain("\"customerId\"");
    }

    @Test
    void a_connection_with_no_credentials_anywhere_is_closed_4401_and_runs_nothing() {
        String orderId = order();
        GraphQlSocket silent = GraphQlSocket.open(port, FRONTEND, null);
        silent.init(null);
        GraphQlSocket empty = GraphQlSocket.open(port, FRONTEND, null);
        empty.init(Map.of("token", TestApi.basic("alice")));
        // No connection_init at all: straight to the subscription.
        GraphQlSocket eager = GraphQlSocket.open(port, FRONTEND, null);
        eager.subscribe("1", ORDER_STATUS, Map.of("id", orderId));

        for (GraphQlSocket socket : List.of(silent, empty, eager)) {
            await().atMost(Duration.ofSeconds(10)).until(socket.closed::isDone);
            assertThat(socket.closed.join()).isEqualTo(UNAUTHORIZED);
            assertThat(socket.received("\"connection_ack\"")).isFalse();
            assertThat(socket.received("\"next\"")).isFalse();
        }
    }

    @Test
    void wrong_or_malformed_credentials_in_connection_init_are_closed_4401() {
        String base64 = Base64.getEncoder().encodeToString("alice".getBytes(StandardCharsets.UTF_8));
        List<Object> refused = List.of(TestApi.basic("alice", "guess"), TestApi.basic("mallory", "alice-secret"),
                "Basic " + base64, "Basic !!not base64!!", "Basic", "Bearer " + base64, "alice-secret", 42,
                List.of(TestApi.basic("alice")), "");

        for (Object authorization : refused) {
            GraphQlSocket socket = GraphQlSocket.open(port, FRONTEND, null);
            socket.init(Map.of("Authorization", authorization));

            await().atMost(Duration.ofSeconds(10)).until(socket.closed::isDone);
            assertThat(socket.closed.join()).as(String.valueOf(authorization)).isEqualTo(UNAUTHORIZED);
            assertThat(socket.received("\"connection_ack\"")).isFalse();
        }
    }

    @Test
    void a_null_authorization_in_connection_init_is_closed_4401_and_is_no_server_error() {
        Map<String, Object> payload = new HashMap<>();
        payload.put("Authorization", null);
        GraphQlSocket socket = GraphQlSocket.open(port, FRONTEND, null);

        socket.init(payload);

        await().atMost(Duration.ofSeconds(10)).until(socket.closed::isDone);
        assertThat(socket.closed.join()).isEqualTo(UNAUTHORIZED);
        assertThat(socket.received("\"connection_ack\"")).isFalse();
    }

    @Test
    void credentials_in_connection_init_replace_the_handshakes_and_wrong_ones_are_refused_even_then() {
        GraphQlSocket program = GraphQlSocket.open(port, TestApi.basic("ops"));
        program.init(Map.of("Authorization", TestApi.basic("ops", "guess")));

        await().atMost(Duration.ofSeconds(10)).until(program.closed::isDone);
        assertThat(program.closed.join()).isEqualTo(UNAUTHORIZED);
    }

    @Test
    void the_handshake_is_still_origin_checked_and_wrong_handshake_credentials_are_still_401() {
        Throwable foreign = catchThrowable(() -> GraphQlSocket.open(port, "https://evil.example", null));
        Throwable wrong = catchThrowable(() -> GraphQlSocket.open(port, FRONTEND, TestApi.basic("alice", "guess")));

        assertThat(handshakeStatus(foreign)).isEqualTo(403);
        assertThat(handshakeStatus(wrong)).isEqualTo(401);
    }

    private String order() {
        String resourceId = new TestApi(port).registerResource("Socket lamp " + UUID.randomUUID(), 5);
        return placeOrder(TestApi.as(port, "alice"), resourceId, "alice");
    }

    static int handshakeStatus(Throwable refusal) {
        assertThat(refusal).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) refusal.getCause()).getResponse().statusCode();
    }
}
