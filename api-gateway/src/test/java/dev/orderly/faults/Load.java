package dev.orderly.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A few client threads placing orders and reserving units through the REST API, spread over the nodes, each
 * operation recorded in the {@link History}. A client never retries: what it learns is what the history says.
 */
public final class Load implements AutoCloseable {


    private final History history;
    private final Supplier<List<Cluster.Node>> nodes;
    private final String orderResource;
    private final String reservationResource;
    private final List<String> cards;
    private final String prefix;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private Duration timeout = Duration.ofSeconds(5);

    /**
     * @param orderResource       the resource orders take one unit of (large, so that orders are not rejected)
     * @param reservationResource the resource plain reservations take one unit of (small: it runs full)
     * @param cards               cards the orders pay with, one picked at random per order
     */
    public Load(History history, Supplier<List<Cluster.Node>> nodes, String orderResource, String reservationResource,
                List<String> cards, String prefix) {
        this.history = history;
        this.nodes = nodes;
        this.orderResource = orderResource;
        this.reservationResource = reservationResource;
        this.cards = cards;
        this.prefix = prefix;
    }

    /** How long a client waits for an answer before it records the operation as unknown. */
    public Load timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Waits until this load has completed at least {@code count} more operations (any outcome). */
    public Load awaitOperations(int count) {
        long target = completed() + count;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> completed() >= target);
        return this;
    }

    private long completed() {
        return history.ops().stream().filter(op -> op.key().startsWith(prefix + "-")).count();
    }

    public Load start(int clients) {
        for (int i = 0; i < clients; i++) {
            String client = "client-" + i;
            Thread thread = new Thread(() -> run(client), prefix + "-" + client);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        return this;
    }

    private void run(String client) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running) {
            List<Cluster.Node> targets = nodes.get();
            Cluster.Node node = targets.get(random.nextInt(targets.size()));
            History.Op op = reservationResource == null || random.nextInt(10) < 7
                    ? placeOrder(client, node, cards.get(random.nextInt(cards.size())))
                    : reserve(client, node, reservationResource);
            // a client that was turned away waits a little, as a real one would, before the next operation
            sleep(op.outcome() == History.Outcome.OK ? 150 + random.nextInt(150) : 1000);
        }
    }

    public History.Op placeOrder(String client, Cluster.Node node, String card) {
        String customer = prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
        return send(client, node, History.Type.PLACE_ORDER, customer, "/api/orders",
                TestOrders.orderJson(orderResource, 1, customer, customer + "@faults.test", card), "orderId");
    }

    public History.Op reserve(String client, Cluster.Node node, String resourceId) {
        String reservation = UUID.randomUUID().toString();
        return send(client, node, History.Type.RESERVE, reservation, "/api/resources/" + resourceId + "/reservations",
                "{\"reservationId\":\"" + reservation + "\",\"customerId\":\"" + prefix + "-" + client
                        + "\",\"quantity\":1}", "status");
    }

    private History.Op send(String client, Cluster.Node node, History.Type type, String key, String path, String body,
                            String detailField) {
        long index = history.invoke();
        long invoked = System.currentTimeMillis();
        History.Outcome outcome;
        int status = 0;
        String detail;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                            + node.port() + path)).timeout(timeout)
                    .header("Authorization", TestApi.basic("ops")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            // A 503 "intake paused" is a definite refusal: the API stored nothing. Any other 5xx may have done it.
            outcome = status / 100 == 2 ? History.Outcome.OK
                    : status / 100 == 4 || (status == 503 && response.body().contains("/intake-paused"))
                    ? History.Outcome.FAIL : History.Outcome.UNKNOWN;
            detail = outcome == History.Outcome.OK ? field(response.body(), detailField) : abbreviate(response.body());
        } catch (ConnectException refused) {
            outcome = History.Outcome.FAIL;
            detail = "connection refused";
        } catch (IOException e) {
            outcome = History.Outcome.UNKNOWN;
            detail = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = History.Outcome.UNKNOWN;
            detail = "interrupted";
        }
        History.Op op = new History.Op(index, client, type, key, node.name(), invoked, System.currentTimeMillis(),
                outcome, status, detail);
        history.complete(op);
        return op;
    }

    private static String field(String json, String name) {
        try {
            return new ObjectMapper().readTree(json).path(name).asText();
        } catch (IOException e) {
            return abbreviate(json);
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(15_000);
        }
    }
}
