package dev.orderly.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.resource.ReservationView;
import dev.orderly.support.GraphQlHttp;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.StatusEvents;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Waits that cannot pin the server, attacked over real HTTP. This context is built so that a defence removed shows
 * as a hang, not as a slower answer: a {@code Consistent-With} wait lasts ten minutes (longer than the test client's
 * 30 s timeout), Tomcat has eight threads, long polls may last four minutes, and the live listener takes five seconds
 * to reconnect (longer than the status change the reconnect test makes in between takes to be projected).
 */
@OrderlySystemTest
@TestPropertySource(properties = {
        "orderly.consistency.max-wait=10m",
        "orderly.consistency.max-decision-wait=4m",
        "spring.mvc.async.request-timeout=5m",
        "server.tomcat.threads.max=8",
        "server.tomcat.threads.min-spare=2",
        "orderly.live.max-streams-per-caller=10",
        "orderly.live.heartbeat=200ms",
        "orderly.live.reconnect-delay=5s"
})
class HostileInputWaitsIT {

    private static final int STREAMS_PER_CALLER = 10;

    @LocalServerPort
    int port;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    JdbcTemplate jdbc;

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        TestSandbox.outage(false);
        TestSandbox.holdShipments(false);
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void a_token_beyond_the_event_stores_head_is_answered_stale_at_once() {
        TestApi alice = TestApi.as(port, "alice");
        String resourceId = new TestApi(port).registerResource("Head lamp", 3);
        // A stale answer is the read model as it stands: let it have the resource, or it would rightly be a 404.
        await().atMost(Duration.ofSeconds(30)).until(() -> alice.get("/api/resources/" + resourceId).status() == 200);
        TestApi.Response placed = alice.post("/api/orders", order(resourceId, "alice"));
        String orderId = placed.text("orderId");
        String farBeyond = Long.toString(head() + 1_000_000);

        // Were either waited for, the ten-minute wait would outlast the client: the answer comes at once, stale.
        for (String token : List.of(Long.toString(Long.MAX_VALUE), farBeyond)) {
            TestApi.Response read = alice.get(placed.location(), "Consistent-With", token);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.header("Consistency")).isEqualTo("stale");
            assertThat(read.text("orderId")).isEqualTo(orderId);
        }
        TestApi.Response resource = alice.get("/api/resources/" + resourceId, "Consistent-With", farBeyond);
        assertThat(resource.header("Consistency")).isEqualTo("stale");

        JsonNode graphQl = GraphQlHttp.as(port, "alice").data("""
                query($order: UUID!, $resource: UUID!, $t: Long) {
                  o: order(id: $order, consistentWith: $t) { consistency }
                  r: resource(id: $resource, consistentWith: $t) { consistency }
                }""", "order", orderId, "resource", resourceId, "t", Long.MAX_VALUE);
        assertThat(graphQl.at("/o/consistency").asText()).isEqualTo("STALE");
        assertThat(graphQl.at("/r/consistency").asText()).isEqualTo("STALE");

        TestApi.Response malformed = alice.get(placed.location(), "Consistent-With", "9223372036854775808");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text("type")).isEqualTo("https://orderly.dev/problems/invalid-request");
    }

    @Test
    void someone_elses_order_or_a_missing_one_is_404_before_any_wait_while_the_owner_still_waits() throws Exception {
        String resourceId = new TestApi(port).registerResource("Private lamp", 3);
        StreamingEventProcessor projection = processor(OrderView.PROCESSING_GROUP);
        projection.shutDown();
        CompletableFuture<TestApi.Response> own;
        try {
            TestApi.Response placed = TestApi.as(port, "alice").post("/api/orders", order(resourceId, "alice"));
            assertThat(placed.status()).isEqualTo(202);
            // Written, not projected: a read that honours this token waits (here for ten minutes) for order-views.
            String token = Long.toString(head());
            own = CompletableFuture.supplyAsync(() -> TestApi.as(port, "alice").get(placed.location(),
                    "Consistent-With", token));

            TestApi.Response bobs = TestApi.as(port, "bob").get(placed.location(), "Consistent-With", token);
            assertThat(bobs.status()).isEqualTo(404);
            assertThat(bobs.text("type")).isEqualTo("https://orderly.dev/problems/not-found");
            assertThat(bobs.header("Consistency")).isNull();
            TestApi.Response missing = TestApi.as(port, "alice").get("/api/orders/" + UUID.randomUUID(),
                    "Consistent-With", token);
            assertThat(missing.status()).isEqualTo(404);
            TestApi.Response missingResource = TestApi.as(port, "alice").get("/api/resources/" + UUID.randomUUID(),
                    "Consistent-With", token);
            assertThat(missingResource.status()).isEqualTo(404);
            JsonNode graphQl = GraphQlHttp.as(port, "bob").send("""
                    query($id: UUID!, $t: Long) { order(id: $id, consistentWith: $t) { status } }""",
                    "id", placed.text("orderId"), "t", Long.parseLong(token)).body();
            assertThat(graphQl.at("/errors/0/extensions/classification").asText()).isEqualTo("NOT_FOUND");

            // The refusals came while the owner's read of the same order, with the same token, is still waiting.
            assertThat(own).isNotDone();
        } finally {
            projection.start();
        }
        TestApi.Response seen = own.get(60, TimeUnit.SECONDS);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.header("Consistency")).isEqualTo("consistent");
    }

    @Test
    void thirty_long_polls_hold_none_of_the_eight_threads_health_and_reads_still_answer() throws Exception {
        String resourceId = new TestApi(port).registerResource("Thread room", 30);
        StreamingEventProcessor projection = processor(ReservationView.PROCESSING_GROUP);
        List<String> callers = List.of("alice", "bob", "ops");
        ExecutorService clients = Executors.newFixedThreadPool(30);
        List<CompletableFuture<TestApi.Response>> polls = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> openStreams() == 0); // streams of earlier tests ended
        projection.shutDown();
        try {
            for (String caller : callers) {
                TestApi api = TestApi.as(port, caller);
                for (int i = 0; i < STREAMS_PER_CALLER; i++) {
                    TestApi.Response accepted = api.post("/api/resources/" + resourceId + "/reservations",
                            "ops".equals(caller) ? "{\"customerId\":\"carol\",\"quantity\":1}" : "{\"quantity\":1}");
                    assertThat(accepted.status()).isEqualTo(202);
                    polls.add(CompletableFuture.supplyAsync(() -> api.get(accepted.location(), "Prefer", "wait=240"),
                            clients));
                }
            }
            // All thirty are waiting on the server at once: were each on a thread, eight would be and the rest queue.
            await().atMost(Duration.ofSeconds(30)).until(() -> openStreams() == 30);

            TestApi.Response health = TestApi.anonymous(port).get("/actuator/health");
            assertThat(health.status()).isIn(200, 503);
            assertThat(health.text("status")).isNotBlank();
            assertThat(new TestApi(port).get("/api/resources/" + resourceId).status()).isEqualTo(200);
            assertThat(polls).noneMatch(CompletableFuture::isDone);
        } finally {
            projection.start();
        }
        for (CompletableFuture<TestApi.Response> poll : polls) {
            TestApi.Response decided = poll.get(60, TimeUnit.SECONDS);
            assertThat(decided.status()).isEqualTo(200);
            assertThat(decided.text("status")).isEqualTo("CONFIRMED");
        }
        clients.shutdown();
        await().atMost(Duration.ofSeconds(10)).until(() -> openStreams() == 0);
    }

    @Test
    void a_caller_may_hold_only_so_many_streams_and_one_that_closes_frees_its_place() throws Exception {
        String resourceId = new TestApi(port).registerResource("Crowded lamp", 3);
        TestSandbox.holdShipments(true);
        TestApi alice = TestApi.as(port, "alice");
        String events = alice.post("/api/orders", order(resourceId, "alice")).location() + "/events";
        await().atMost(Duration.ofSeconds(30)).until(() -> openStreams() == 0); // streams of earlier tests ended
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < STREAMS_PER_CALLER; i++) {
            Socket stream = stream("alice", events);
            assertThat(statusOf(stream)).isEqualTo(200);
            open.add(stream);
        }

        TestApi.Response refused = alice.get(events, "Accept", "text/event-stream, application/problem+json");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.text("type")).isEqualTo("https://orderly.dev/problems/too-many-streams");
        assertThat(refused.retryAfter()).isNotBlank();
        // The limit is per caller: another customer is not held back by alice's streams.
        Socket bobs = stream("bob", "/api/orders/" + UUID.randomUUID() + "/events");
        assertThat(statusOf(bobs)).isEqualTo(404);

        open.get(0).close();
        // The server notices the closed connection at its next heartbeat and gives the place back.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Socket again = stream("alice", events);
            return statusOf(again) == 200;
        });
    }

    @Test
    void a_live_stream_sees_the_change_made_while_the_listener_was_disconnected() throws Exception {
        String resourceId = new TestApi(port).registerResource("Reconnected lamp", 3);
        // tokenised before the outage, which the provider's tokenisation meets too
        String order = order(resourceId, "alice");
        TestSandbox.outage(true);
        TestSandbox.holdShipments(true);
        TestApi alice = TestApi.as(port, "alice");
        TestApi.Response placed = alice.post("/api/orders", order);
        List<String> statuses = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Void>> stream = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + placed.location() + "/events"))
                        .header("Accept", "text/event-stream").header("Authorization", TestApi.basic("alice"))
                        .build(),
                HttpResponse.BodyHandlers.fromLineSubscriber(new StatusEvents(statuses)));
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses.contains("PENDING_PAYMENT"));

        int listener = listenerBackend();
        assertThat(jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, listener)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !backends().contains(listener));
        // While the listener waits to reconnect, the order is paid and picked: its NOTIFY reaches nobody.
        TestSandbox.outage(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> "PICKING".equals(alice.get(placed.location())
                .text("status")));
        await().atMost(Duration.ofSeconds(30)).until(() -> !backends().isEmpty());

        await().atMost(Duration.ofSeconds(30)).until(() -> statuses.contains("PICKING"));
        TestSandbox.holdShipments(false);
        assertThat(stream.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(statuses).containsSubsequence("PENDING_PAYMENT", "PICKING", "SHIPPED").doesNotHaveDuplicates()
                .endsWith("SHIPPED");
    }

    private String order(String resourceId, String customer) {
        return TestOrders.orderJson(resourceId, 1, customer, customer + "-" + UUID.randomUUID() + "@example.com",
                TestOrders.GOOD_CARD);
    }

    private long head() {
        return jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
    }

    private StreamingEventProcessor processor(String name) {
        return (StreamingEventProcessor) processing.eventProcessor(name).orElseThrow();
    }

    /** The open live streams and long polls, as an operator sees them in the node's metrics. */
    private int openStreams() {
        JsonNode metric = new TestApi(port).get("/actuator/metrics/orderly.live.streams").body();
        return (int) metric.at("/measurements/0/value").asDouble();
    }

    /**
     * The backends that are listening for live changes: the listener's connection, once it is connected. The node's
     * append listener (its own {@code application_name}, see {@code AppendNotifier}) listens too, on another channel.
     */
    private List<Integer> backends() {
        return jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE query LIKE 'LISTEN orderly_%' "
                + "AND application_name NOT LIKE 'orderly-wake:%' AND pid <> pg_backend_pid()", Integer.class);
    }

    private int listenerBackend() {
        await().atMost(Duration.ofSeconds(30)).until(() -> backends().size() == 1);
        return backends().get(0);
    }

    /** A raw connection asking for an event stream; closing it is a client going away without a word. */
    private Socket stream(String user, String path) {
        try {
            Socket socket = new Socket("localhost", port);
            sockets.add(socket);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream, application/problem+json\r\n"
                    + "Authorization: " + TestApi.basic(user) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int statusOf(Socket stream) {
        try {
            String line = new BufferedReader(new InputStreamReader(stream.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(line.split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
