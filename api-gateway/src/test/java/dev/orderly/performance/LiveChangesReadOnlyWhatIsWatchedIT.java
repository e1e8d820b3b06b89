package dev.orderly.performance;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.StatusEvents;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live-change listener reads a view only for an id that someone on this node watches: changes of orders and
 * reservations nobody watches cost no query. The listener takes notifications one after another in commit order, so
 * once a watched change that was committed after a run of unwatched ones has reached its watcher, every one of those
 * has been dealt with.
 */
@OrderlySystemTest
class LiveChangesReadOnlyWhatIsWatchedIT {

    private static final int UNWATCHED = 50;

    @LocalServerPort
    int port;
    @Autowired
    DataSource dataSource;
    @Autowired
    MeterRegistry metrics;

    @AfterEach
    void sandboxBack() {
        TestSandbox.holdShipments(false);
    }

    @Test
    void changes_of_ids_nobody_watches_are_dropped_without_reading_their_view() throws Exception {
        TestApi api = new TestApi(port);
        String resourceId = api.registerResource("Watched lamp", 3);
        TestSandbox.holdShipments(true);
        TestApi.Response placed = api.post("/api/orders", TestOrders.orderJson(resourceId, 1, "watcher",
                "watcher-" + UUID.randomUUID() + "@example.com", TestOrders.GOOD_CARD));
        List<String> statuses = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Void>> stream = StatusEvents.watch(port, placed.location(), statuses);
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses.contains("PICKING"));
        double readsBefore = notifications("pushed");
        double droppedBefore = notifications("no-subscriber");

        notifyUnwatched("orderly_order_changed");
        notifyUnwatched("orderly_reservation_changed");
        TestSandbox.holdShipments(false);

        // SHIPPED committed, and so was notified, after every unwatched change above.
        stream.get(60, TimeUnit.SECONDS);
        assertThat(statuses).endsWith("SHIPPED");
        assertThat(notifications("no-subscriber") - droppedBefore).isGreaterThanOrEqualTo(2 * UNWATCHED);
        assertThat(notifications("pushed") - readsBefore).as("views read").isLessThan(UNWATCHED);
    }

    /** What the projections send when they change a row, for ids no one has ever subscribed to. */
    private void notifyUnwatched(String channel) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement notify = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            connection.setAutoCommit(true);
            for (int i = 0; i < UNWATCHED; i++) {
                notify.setString(1, channel);
                notify.setString(2, UUID.randomUUID().toString());
                notify.execute();
            }
        }
    }

    private double notifications(String outcome) {
        return metrics.find("orderly.live.notifications").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count).sum();
    }
}
