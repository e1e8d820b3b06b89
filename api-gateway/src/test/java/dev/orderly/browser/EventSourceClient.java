package dev.orderly.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a browser page does to follow an order live: asks for a stream ticket with its credentials, then opens the
 * order's event stream as an {@code EventSource} would, with the ticket in the URL and no {@code Authorization}.
 */
final class EventSourceClient {

    static final String INVALID_TICKET = "https://orderly.dev/problems/invalid-stream-ticket";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    EventSourceClient(int port) {
        this.port = port;
    }

    record Ticket(String ticket, Instant expiresAt) {
    }

    /** A ticket for {@code orderId}, asked for by {@code api}'s caller; fails unless it is granted. */
    static Ticket ticket(TestApi api, String orderId) {
        TestApi.Response response = api.post("/api/stream-tickets", "{\"orderId\":\"" + orderId + "\"}");
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return new Ticket(response.text("ticket"), Instant.parse(response.text("expiresAt")));
    }

    /** A new order of {@code customer}'s, placed through the API as them. */
    static String placeOrder(TestApi customer, String resourceId, String name) {
        TestApi.Response placed = customer.post("/api/orders", TestOrders.orderJson(resourceId, 1, name,
                name + "-" + UUID.randomUUID() + "@example.com", TestOrders.GOOD_CARD));
        assertThat(placed.status()).as(placed.body().toString()).isEqualTo(202);
        return placed.text("orderId");
    }

    /**
     * Opens the event stream of {@code orderId} with {@code ticket} as its query (already encoded), without
     * credentials. A granted stream is read up to its first {@code status} event and then closed.
     */
    Opened open(String orderId, String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders/" + orderId
                        + "/events" + query))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                String body = String.join("\n", (Iterable<String>) lines::iterator);
                return new Opened(response, Optional.empty(), JSON.readTree(body));
            }
            Optional<String> first = CompletableFuture.supplyAsync(() -> lines
                            .filter(line -> line.startsWith("data:")).findFirst())
                    .get(60, TimeUnit.SECONDS);
            return new Opened(response, first.map(line -> read(line.substring(5))), null);
        }
    }

    Opened open(String orderId, Ticket ticket) throws Exception {
        return open(orderId, "?ticket=" + ticket.ticket());
    }

    /** The answer to opening a stream: its first status event if it was granted, its problem if not. */
    record Opened(HttpResponse<?> response, Optional<JsonNode> firstEvent, JsonNode problem) {

        int status() {
            return response.statusCode();
        }

        /** Asserts the answer is {@code 401 invalid-stream-ticket} as a problem. */
        void assertRefused() {
            assertThat(status()).as(String.valueOf(problem)).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(problem.path("type").asText()).isEqualTo(INVALID_TICKET);
            // A Basic challenge would open the browser's login dialog over the page; the ticket's own scheme opens none.
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("StreamTicket realm=\"orderly\"");
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
