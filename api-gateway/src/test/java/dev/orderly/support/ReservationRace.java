package dev.orderly.support;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many clients asking for one unit each of the same resource at the same moment: they all wait on one latch, then
 * post together, spread round-robin over the given nodes.
 */
public final class ReservationRace {

    private ReservationRace() {
    }

    public static List<TestApi.Response> oneUnitEach(String resourceId, int clients, List<TestApi> nodes)
            throws Exception {
        List<Callable<TestApi.Response>> requests = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            TestApi node = nodes.get(i % nodes.size());
            String body = "{\"reservationId\":\"" + UUID.randomUUID() + "\",\"customerId\":\"customer-" + i
                    + "\",\"quantity\":1}";
            requests.add(() -> node.post("/api/resources/" + resourceId + "/reservations", body));
        }
        return releasedTogether(requests);
    }

    /** Sends every request at the same moment, one thread each waiting on one latch; the answers in their order. */
    public static List<TestApi.Response> releasedTogether(List<Callable<TestApi.Response>> requests)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<TestApi.Response>> pending = new ArrayList<>();
            for (Callable<TestApi.Response> request : requests) {
                pending.add(pool.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<TestApi.Response> answers = new ArrayList<>();
            for (Future<TestApi.Response> answer : pending) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
