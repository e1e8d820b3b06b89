package dev.orderly.benchmark;

import dev.orderly.support.TestApi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * S3: many clients at once asking for one unit each of one resource with few units, over HTTP as a client would.
 * Each client posts its reservation and then reads it with {@code Prefer: wait} (a long poll) until it is decided,
 * sending back the consistency token it was given, so that it waits on the server instead of polling.
 */
final class ReservationRush {

    record Round(int accepted, int rejected, int undecided, int held, double drainMillis, List<Double> latencies) {
    }

    private final TestApi operator;
    private final TestApi customer;

    ReservationRush(int port) {
        this.operator = new TestApi(port);
        this.customer = TestApi.as(port, "alice");
    }

    Round run(int clients, int capacity) throws Exception {
        String resource = operator.registerResource("rush", capacity);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Decision>> decisions = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                decisions.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    long sent = System.nanoTime();
                    try {
                        return reserve(resource);
                    } catch (RuntimeException e) { // a timed-out request counts as undecided, and fails the gate
                        return new Decision("ERROR " + e, sent, System.nanoTime());
                    }
                }));
            }
            ready.await();
            long start = System.nanoTime();
            go.countDown();
            int accepted = 0;
            int rejected = 0;
            int undecided = 0;
            long last = start;
            List<Double> latencies = new ArrayList<>();
            for (Future<Decision> future : decisions) {
                Decision decision = future.get();
                switch (decision.status()) {
                    case "CONFIRMED" -> accepted++;
                    case "REJECTED" -> rejected++;
                    default -> undecided++;
                }
                latencies.add((decision.decidedAt() - decision.sentAt()) / 1e6);
                last = Math.max(last, decision.decidedAt());
            }
            int held = operator.get("/api/resources/" + resource).body().path("held").asInt(-1);
            return new Round(accepted, rejected, undecided, held, (last - start) / 1e6,
                    Collections.unmodifiableList(latencies));
        } finally {
            pool.shutdownNow();
        }
    }

    private record Decision(String status, long sentAt, long decidedAt) {
    }

    private Decision reserve(String resource) {
        String reservation = UUID.randomUUID().toString();
        long sent = System.nanoTime();
        TestApi.Response accepted = customer.post("/api/resources/" + resource + "/reservations",
                "{\"reservationId\":\"" + reservation + "\",\"quantity\":1}");
        if (accepted.status() != 202) {
            return new Decision("HTTP " + accepted.status(), sent, System.nanoTime());
        }
        // A long poll, as a client without a live-status stream would wait: the server answers once the reservation
        // is decided (or after the wait), and with the token the read also waits for the projection.
        String token = accepted.header("Consistency-Token");
        long giveUp = sent + 30_000_000_000L;
        while (System.nanoTime() < giveUp) {
            TestApi.Response read = token == null
                    ? customer.get("/api/reservations/" + reservation, "Prefer", "wait=10")
                    : customer.get("/api/reservations/" + reservation, "Consistent-With", token, "Prefer", "wait=10");
            String status = read.text("status");
            if ("CONFIRMED".equals(status) || "REJECTED".equals(status)) {
                return new Decision(status, sent, System.nanoTime());
            }
        }
        return new Decision("UNDECIDED", sent, System.nanoTime());
    }
}
