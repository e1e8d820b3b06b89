package dev.orderly.order;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.StatusEvents;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A client watches an order's status over a real server-sent-events connection, from payment to shipment. */
@OrderlySystemTest
class LiveStatusIT {

    @LocalServerPort
    int port;

    @AfterEach
    void sandboxBack() {
        TestSandbox.outage(false);
        TestSandbox.holdShipments(false);
    }

    @Test
    void the_event_stream_shows_an_order_going_from_pending_payment_to_shipped_and_then_ends() throws Exception {
        TestApi api = new TestApi(port);
        String resourceId = api.registerResource("Live lamp", 3);
        // Tokenised before the outage: the provider down takes its tokenisation down with it.
        String order = TestOrders.orderJson(resourceId, 1, "watcher", "watcher-" + UUID.randomUUID() + "@example.com",
                TestOrders.GOOD_CARD);
        TestSandbox.outage(true);
        TestSandbox.holdShipments(true);
        TestApi.Response placed = api.post("/api/orders", order);

        List<String> statuses = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Void>> stream = StatusEvents.watch(port, placed.location(), statuses);

        await().atMost(Duration.ofSeconds(30)).until(() -> statuses.contains("PENDING_PAYMENT"));
        TestSandbox.outage(false);
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses.contains("PICKING"));
        TestSandbox.holdShipments(false);

        HttpResponse<Void> ended = stream.get(60, TimeUnit.SECONDS);
        assertThat(ended.statusCode()).isEqualTo(200);
        assertThat(statuses).endsWith("SHIPPED");
        // Each event is the order as committed at that moment; changes that follow each other closely may arrive as
        // one (CONFIRMED is often overtaken by PICKING), but the stream never goes back and never repeats itself.
        assertThat(statuses).containsSubsequence("PENDING_PAYMENT", "PICKING", "SHIPPED").doesNotHaveDuplicates();
        List<String> lifecycle = List.of("PENDING", "PENDING_RESERVATION", "PENDING_PAYMENT", "CONFIRMED", "PICKING",
                "SHIPPED");
        assertThat(statuses).isSortedAccordingTo(java.util.Comparator.comparingInt(lifecycle::indexOf));
    }
}
