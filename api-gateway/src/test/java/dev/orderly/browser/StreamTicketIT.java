package dev.orderly.browser;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.orderly.browser.EventSourceClient.placeOrder;
import static dev.orderly.browser.EventSourceClient.ticket;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser follows an order with {@code EventSource}, which cannot send {@code Authorization}: it asks for a stream
 * ticket and opens the stream with it. The ticket is worth one stream of one order for the caller who asked, and
 * nothing else: not a second time, not another order, not another endpoint, not forged, not for someone else's order;
 * and it leaves no trace in the log.
 */
@OrderlySystemTest
class StreamTicketIT {

    @LocalServerPort
    int port;
    @Autowired
    LoggingSystem logging;

    private TestApi alice;
    private EventSourceClient browser;
    private String resourceId;

    @BeforeEach
    void catalogue() {
        alice = TestApi.as(port, "alice");
        browser = new EventSourceClient(port);
        resourceId = new TestApi(port).registerResource("Ticketed lamp " + UUID.randomUUID(), 100);
    }

    @Test
    void an_event_source_opens_its_orders_stream_with_a_ticket_and_no_authorization_header() throws Exception {
        String orderId = placeOrder(alice, resourceId, "alice");
        Instant asked = Instant.now();

        EventSourceClient.Ticket ticket = ticket(alice, orderId);
        EventSourceClient.Opened stream = browser.open(orderId, ticket);

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.response().headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        assertThat(stream.firstEvent()).hasValueSatisfying(event -> {
            assertThat(event.path("orderId").asText()).isEqualTo(orderId);
            assertThat(event.path("customerId").asText()).isEqualTo("alice");
        });
        // The default lifetime, on the database's clock (the same machine's here).
        assertThat(ticket.expiresAt()).isAfter(asked).isBeforeOrEqualTo(Instant.now().plus(Duration.ofSeconds(60)));
    }

    @Test
    void a_ticket_opens_one_stream_and_a_second_use_is_401() throws Exception {
        String orderId = placeOrder(alice, resourceId, "alice");
        EventSourceClient.Ticket ticket = ticket(alice, orderId);
        assertThat(browser.open(orderId, ticket).status()).isEqualTo(200);

        // The URL, as browser history or a proxy's log keeps it, opens nothing any more.
        browser.open(orderId, ticket).assertRefused();
    }

    @Test
    void a_forged_empty_or_doubled_ticket_is_401_and_no_ticket_is_the_usual_401() throws Exception {
        String orderId = placeOrder(alice, resourceId, "alice");
        EventSourceClient.Ticket real = ticket(alice, orderId);

        browser.open(orderId, "?ticket=" + "A".repeat(43)).assertRefused();
        browser.open(orderId, "?ticket=").assertRefused();
        browser.open(orderId, "?ticket=" + "x".repeat(5000)).assertRefused();
        browser.open(orderId, "?ticket=" + real.ticket() + "&ticket=" + real.ticket()).assertRefused();
        EventSourceClient.Opened anonymous = browser.open(orderId, "");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.problem().path("type").asText()).isEqualTo("https://orderly.dev/problems/unauthenticated");
    }

    @Test
    void a_ticket_for_one_order_does_not_open_another_and_is_used_up_by_trying() throws Exception {
        String mine = placeOrder(alice, resourceId, "alice");
        String alsoMine = placeOrder(alice, resourceId, "alice");
        String bobs = placeOrder(TestApi.as(port, "bob"), resourceId, "bob");
        EventSourceClient.Ticket ticket = ticket(alice, mine);
        EventSourceClient.Ticket another = ticket(alice, mine);

        browser.open(alsoMine, ticket).assertRefused();
        browser.open(bobs, another).assertRefused();
        browser.open("not-an-order", ticket(alice, mine)).assertRefused();

        browser.open(mine, ticket).assertRefused();
        browser.open(mine, another).assertRefused();
    }

    @Test
    void someone_elses_order_or_an_unknown_one_gets_no_ticket_and_the_same_404_as_reading_it() {
        String alices = placeOrder(alice, resourceId, "alice");
        TestApi bob = TestApi.as(port, "bob");

        TestApi.Response othersTicket = bob.post("/api/stream-tickets", "{\"orderId\":\"" + alices + "\"}");
        TestApi.Response othersRead = bob.get("/api/orders/" + alices);
        TestApi.Response unknown = bob.post("/api/stream-tickets", "{\"orderId\":\"" + UUID.randomUUID() + "\"}");

        assertThat(othersTicket.status()).isEqualTo(404).isEqualTo(othersRead.status()).isEqualTo(unknown.status());
        assertThat(othersTicket.text("type")).isEqualTo(othersRead.text("type")).isEqualTo(unknown.text("type"))
                .isEqualTo("https://orderly.dev/problems/not-found");
        assertThat(othersTicket.body().has("ticket")).isFalse();
        assertThat(TestApi.anonymous(port).post("/api/stream-tickets", "{\"orderId\":\"" + alices + "\"}").status())
                .isEqualTo(401);
    }

    @Test
    void an_operator_gets_a_ticket_for_any_customers_order() throws Exception {
        String alices = placeOrder(alice, resourceId, "alice");

        EventSourceClient.Opened stream = browser.open(alices, ticket(new TestApi(port), alices));

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.firstEvent()).hasValueSatisfying(event ->
                assertThat(event.path("customerId").asText()).isEqualTo("alice"));
    }

    @Test
    void a_ticket_authenticates_no_other_endpoint_and_is_not_spent_there() throws Exception {
        String orderId = placeOrder(alice, resourceId, "alice");
        EventSourceClient.Ticket ticket = ticket(alice, orderId);
        TestApi anonymous = TestApi.anonymous(port);

        for (String path : new String[] {"/api/orders/" + orderId, "/api/orders", "/api/orders/" + orderId
                + "/events/"}) {
            TestApi.Response response = anonymous.get(path + "?ticket=" + ticket.ticket());
            assertThat(response.status()).as(path).isEqualTo(401);
            assertThat(response.text("type")).isEqualTo("https://orderly.dev/problems/unauthenticated");
        }
        assertThat(anonymous.post("/api/orders/" + orderId + "/cancellation?ticket=" + ticket.ticket(), "{}")
                .status()).isEqualTo(401);

        assertThat(browser.open(orderId, ticket).status()).isEqualTo(200);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void a_ticket_is_not_written_to_the_log_even_when_spring_mvc_logs_every_request_at_debug(CapturedOutput log)
            throws Exception {
        String orderId = placeOrder(alice, resourceId, "alice");
        EventSourceClient.Ticket ticket = ticket(alice, orderId);
        List<String> loggers = List.of("org.springframework.web", "dev.orderly.gateway");
        Map<String, LogLevel> before = new HashMap<>();
        loggers.forEach(name -> before.put(name, logging.getLoggerConfiguration(name).getConfiguredLevel()));
        loggers.forEach(name -> logging.setLogLevel(name, LogLevel.DEBUG));
        try {
            assertThat(browser.open(orderId, ticket).status()).isEqualTo(200);
            browser.open(orderId, ticket).assertRefused();
        } finally {
            loggers.forEach(name -> logging.setLogLevel(name, before.get(name)));
        }

        // The dispatcher logged the request (with its query string, were there one left) and the refusal was logged.
        assertThat(log.getAll()).contains("GET \"/api/orders/" + orderId + "/events\"")
                .contains("Refused a stream ticket for order " + orderId)
                .doesNotContain(ticket.ticket());
    }

    @Test
    void a_request_for_a_ticket_without_a_valid_order_id_is_400() {
        for (String body : new String[] {"{}", "{\"orderId\":null}", "{\"orderId\":12}", "{\"orderId\":\"lamp\"}",
                "{\"orderId\":[\"" + UUID.randomUUID() + "\"]}", "[]", "\"\"", "{\"orderId\":",
                "{\"orderId\":\"" + "7".repeat(100_000) + "\"}"}) {
            TestApi.Response response = alice.post("/api/stream-tickets", body);
            assertThat(response.status()).as(body.length() > 100 ? "a long id" : body).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body().has("ticket")).isFalse();
        }
        TestApi.Response huge = alice.post("/api/stream-tickets", "{\"orderId\":\"" + UUID.randomUUID()
                + "\",\"pad\":\"" + "x".repeat(2_000_000) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
    }
}
