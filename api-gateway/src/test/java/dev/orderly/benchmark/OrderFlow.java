package dev.orderly.benchmark;

import dev.orderly.axon.ProcessorStatus;
import dev.orderly.axon.ProcessorStatusReader;
import dev.orderly.command.order.OrderConfirmedEvent;
import dev.orderly.query.order.OrderView;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S2 and S5: orders placed over HTTP by a customer, followed in the order read model until CONFIRMED (S2) and until
 * SHIPPED, when the fulfilment saga ends (S5). A watcher reads {@code order_view} every 10 ms on a connection of its
 * own, so a latency is "POST sent" to "the read model shows it", to within that period.
 */
final class OrderFlow implements AutoCloseable {

    private static final Set<String> CONFIRMED_OR_LATER = Set.of("CONFIRMED", "PICKING", "SHIPPED");
    private static final Set<String> FAILED = Set.of("REJECTED", "CANCEL_PENDING", "CANCELLED");

    record Burst(int orders, double confirmedPerSecond, double shippedPerSecond, int failed, long maxLagEvents,
                 long maxLagSeconds) {
    }

    record Load(double offeredPerSecond, int orders, int failed, Latencies latencies, Latencies readModelLag) {
    }

    private static final class Tracked {
        final long sentAt = System.nanoTime();
        volatile long confirmedAt;
        volatile Instant confirmedWallClock;
        volatile long shippedAt;
        volatile String failedAs;
    }

    private final TestApi operator;
    private final TestApi customer;
    /** Alice's saved card at the provider: one token pays for every order, as a stored card would. */
    private final String token = TestSandbox.tokenFor(TestOrders.GOOD_CARD);
    private final DataSource database;
    private final ProcessorStatusReader processors;
    private final List<String> resources = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Tracked> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
    /** Used by the watcher's thread only. */
    private Connection watcherConnection;

    OrderFlow(int port, DataSource database, ProcessorStatusReader processors) {
        this.operator = new TestApi(port);
        this.customer = TestApi.as(port, "alice");
        this.database = database;
        this.processors = processors;
        watcher.scheduleWithFixedDelay(this::watch, 10, 10, TimeUnit.MILLISECONDS);
    }

    /**
     * Orders are spread over several resources: a single hot resource would measure one aggregate's lock instead
     * of the order flow (S3 measures that).
     */
    void prepare(int resourceCount) {
        for (int i = 0; i < resourceCount; i++) {
            resources.add(operator.registerResource("stock " + i, 1_000_000)); // the largest capacity allowed
        }
    }

    /** Places {@code orders} orders from {@code clients} clients as fast as they are accepted. */
    Burst saturate(int orders, int clients) throws Exception {
        Map<String, Tracked> burst = new ConcurrentHashMap<>();
        AtomicLong maxLagEvents = new AtomicLong();
        AtomicLong maxLagSeconds = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            for (ProcessorStatus status : processors.read()) {
                if (status.name().equals(OrderView.PROCESSING_GROUP)) {
                    maxLagEvents.accumulateAndGet(status.lagEvents(), Math::max);
                    maxLagSeconds.accumulateAndGet(status.lagSeconds(), Math::max);
                }
            }
        }, 0, 250, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            AtomicInteger left = new AtomicInteger(orders);
            for (int i = 0; i < clients; i++) {
                pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        place(burst);
                    }
                });
            }
            awaitAll(burst, orders, true, Duration.ofMinutes(5));
        } finally {
            pool.shutdownNow();
            sampler.shutdownNow();
        }
        long lastConfirmed = burst.values().stream().mapToLong(t -> t.confirmedAt).max().orElse(start);
        long lastShipped = burst.values().stream().mapToLong(t -> t.shippedAt).max().orElse(start);
        int failed = (int) burst.values().stream().filter(t -> t.failedAs != null || t.shippedAt == 0).count();
        return new Burst(orders, count(burst, true) / JdbcBaseline.seconds(lastConfirmed - start),
                count(burst, false) / JdbcBaseline.seconds(lastShipped - start), failed, maxLagEvents.get(),
                maxLagSeconds.get());
    }

    /** Places orders at a steady rate for a while, whatever the answers' latency (an open loop). */
    Load steady(double perSecond, Duration duration) throws Exception {
        Map<String, Tracked> load = new ConcurrentHashMap<>();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        ExecutorService clients = Executors.newFixedThreadPool(64);
        int orders = (int) Math.max(1, Math.round(perSecond * duration.toMillis() / 1000.0));
        try {
            long period = Math.max(1, Math.round(1e9 / perSecond));
            AtomicInteger sent = new AtomicInteger();
            pacer.scheduleAtFixedRate(() -> {
                if (sent.getAndIncrement() < orders) {
                    clients.submit(() -> place(load));
                }
            }, 0, period, TimeUnit.NANOSECONDS);
            awaitAll(load, orders, false, Duration.ofMinutes(3));
        } finally {
            pacer.shutdownNow();
            clients.shutdownNow();
        }
        List<Double> latencies = new ArrayList<>();
        load.values().stream().filter(t -> t.confirmedAt != 0)
                .forEach(t -> latencies.add((t.confirmedAt - t.sentAt) / 1e6));
        int failed = (int) load.values().stream().filter(t -> t.confirmedAt == 0).count();
        return new Load(perSecond, orders, failed, Latencies.of(latencies), readModelLag(load));
    }

    private void place(Map<String, Tracked> into) {
        String orderId = UUID.randomUUID().toString();
        String resource = resources.get(Math.floorMod(next.getAndIncrement(), resources.size()));
        Tracked tracked = new Tracked();
        into.put(orderId, tracked);
        open.put(orderId, tracked);
        try {
            TestApi.Response answer = customer.post("/api/orders", """
                    {"orderId":"%s","email":"bench@example.com","currency":"EUR","paymentToken":"%s",
                     "lines":[{"resourceId":"%s","quantity":1,"unitPrice":1250}],
                     "shipTo":{"name":"Ada","street":"1 Main St","city":"Springfield","postalCode":"12345",
                               "country":"DE"}}""".formatted(orderId, token, resource));
            if (answer.status() != 202) {
                tracked.failedAs = "HTTP " + answer.status();
            }
        } catch (RuntimeException e) {
            tracked.failedAs = e.toString();
        }
        if (tracked.failedAs != null) {
            open.remove(orderId);
        }
    }

    private void awaitAll(Map<String, Tracked> orders, int count, boolean untilShipped, Duration timeout)
            throws InterruptedException {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> orders.size() == count
                    && orders.values().stream().allMatch(t -> t.failedAs != null
                    || (untilShipped ? t.shippedAt != 0 : t.confirmedAt != 0)));
        } catch (ConditionTimeoutException unfinished) {
            // measured as far as it got: the report counts what was confirmed or shipped in time
        }
    }

    private static long count(Map<String, Tracked> orders, boolean confirmed) {
        return orders.values().stream().filter(t -> confirmed ? t.confirmedAt != 0 : t.shippedAt != 0).count();
    }

    /** From the order's read model, on a connection of this benchmark's own. */
    private void watch() {
        if (open.isEmpty()) {
            return;
        }
        try {
            if (watcherConnection == null) {
                watcherConnection = database.getConnection();
            }
            watch(watcherConnection);
        } catch (SQLException | RuntimeException e) {
            System.out.println("[benchmark] order watcher: " + e);
        }
    }

    private void watch(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT order_id, status FROM order_view WHERE order_id = ANY(?)")) {
            Array ids = connection.createArrayOf("varchar", open.keySet().toArray());
            query.setArray(1, ids);
            try (ResultSet rows = query.executeQuery()) {
                long now = System.nanoTime();
                Instant wallClock = Instant.now();
                while (rows.next()) {
                    String orderId = rows.getString(1);
                    String status = rows.getString(2);
                    Tracked tracked = open.get(orderId);
                    if (tracked == null) {
                        continue;
                    }
                    if (CONFIRMED_OR_LATER.contains(status) && tracked.confirmedAt == 0) {
                        tracked.confirmedAt = now;
                        tracked.confirmedWallClock = wallClock;
                    }
                    if ("SHIPPED".equals(status)) {
                        tracked.shippedAt = now;
                        open.remove(orderId);
                    } else if (FAILED.contains(status)) {
                        tracked.failedAs = status;
                        open.remove(orderId);
                    }
                }
            }
        }
    }

    /** How long after OrderConfirmedEvent was stored the read model showed the order as confirmed. */
    private Latencies readModelLag(Map<String, Tracked> orders) throws SQLException {
        List<Double> lags = new ArrayList<>();
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT aggregateidentifier, timestamp FROM domainevententry
                     WHERE payloadtype = ? AND aggregateidentifier = ANY(?)""")) {
            query.setString(1, OrderConfirmedEvent.class.getName());
            query.setArray(2, connection.createArrayOf("varchar", orders.keySet().toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Tracked tracked = orders.get(rows.getString(1));
                    if (tracked != null && tracked.confirmedWallClock != null) {
                        lags.add(Duration.between(Instant.parse(rows.getString(2)), tracked.confirmedWallClock)
                                .toNanos() / 1e6);
                    }
                }
            }
        }
        return Latencies.of(lags);
    }

    @Override
    public void close() throws Exception {
        watcher.shutdownNow();
        watcher.awaitTermination(5, TimeUnit.SECONDS);
        if (watcherConnection != null) {
            watcherConnection.close();
        }
    }
}
