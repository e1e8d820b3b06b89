package dev.sandbox.warehouse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Posts shipment notices, at least once: every attempt is signed afresh, and a non-2xx answer or no answer at all is
 * tried again after an exponential back-off (500 ms, doubling, at most 30 s between tries, at most 20 tries). The
 * requests are asynchronous and the retries are scheduled, so no thread waits for a receiver.
 */
final class ShipmentNotifier implements AutoCloseable {

    static final int MAX_ATTEMPTS = 20;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(ShipmentNotifier.class.getName());

    private final String secret;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService httpExecutor;
    private final HttpClient http;

    ShipmentNotifier(String secret, Clock clock, ScheduledExecutorService scheduler) {
        this.secret = secret;
        this.clock = clock;
        this.scheduler = scheduler;
        AtomicInteger count = new AtomicInteger();
        this.httpExecutor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "sandbox-warehouse-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(httpExecutor)
                .build();
    }

    /** The wait after the given failed attempt: 500 ms after the first, doubling, never more than 30 s. */
    static Duration backoffAfter(int attempt) {
        long millis = FIRST_BACKOFF.toMillis() << Math.min(attempt - 1, 16);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    /**
     * Starts delivering the notice. {@code recorder} gets every finished attempt; when it answers {@code false} (the
     * warehouse was reset meanwhile) no further attempt is made.
     */
    void deliver(Shipment shipment, boolean redelivery, Predicate<Delivery> recorder) {
        schedule(() -> attempt(shipment, redelivery, 1, recorder), Duration.ZERO);
    }

    private void attempt(Shipment shipment, boolean redelivery, int attempt, Predicate<Delivery> recorder) {
        HttpRequest request;
        try {
            long timestamp = clock.instant().getEpochSecond();
            request = HttpRequest.newBuilder(URI.create(shipment.callbackUrl()))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE_HEADER,
                            WebhookSignature.sign(secret, timestamp, shipment.notice()))
                    .POST(HttpRequest.BodyPublishers.ofString(shipment.notice(), StandardCharsets.UTF_8))
                    .build();
        } catch (RuntimeException e) {
            finished(shipment, redelivery, attempt, 0, e.toString(), recorder);
            return;
        }
        try {
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (failure != null) {
                    finished(shipment, redelivery, attempt, 0, failure.toString(), recorder);
                } else {
                    finished(shipment, redelivery, attempt, response.statusCode(), null, recorder);
                }
            });
        } catch (RejectedExecutionException | IllegalStateException closed) {
            LOG.log(System.Logger.Level.DEBUG, "Warehouse closed; notice of {0} dropped", shipment.shipmentId());
        }
    }

    private void finished(Shipment shipment, boolean redelivery, int attempt, int status, String error,
                          Predicate<Delivery> recorder) {
        Delivery delivery = new Delivery(shipment.shipmentId(), shipment.picklistId(), shipment.orderReference(),
                attempt, status, Instant.now(clock).truncatedTo(ChronoUnit.MILLIS), error, redelivery);
        if (!recorder.test(delivery) || delivery.delivered()) {
            return;
        }
        if (attempt >= MAX_ATTEMPTS) {
            LOG.log(System.Logger.Level.WARNING, "Gave up on the shipment notice {0} to {1} after {2} attempts",
                    shipment.shipmentId(), shipment.callbackUrl(), attempt);
            return;
        }
        schedule(() -> attempt(shipment, redelivery, attempt + 1, recorder), backoffAfter(attempt));
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.log(System.Logger.Level.DEBUG, "Warehouse closed; a shipment notice attempt was dropped");
        }
    }

    @Override
    public void close() {
        httpExecutor.shutdownNow();
    }
}
