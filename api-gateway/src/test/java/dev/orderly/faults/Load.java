package dev.orderly.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Client threads placing orders and reserving units through the REST API, spread over the nodes, and attackers
 * ({@link Attacker}) beside them, each operation recorded in the {@link History}. A client never retries: what it
 * learns is what the history says.
 */
public final class Load implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How much load a scenario drives. Each phase of a scenario waits for {@code factor} times the operations it
     * names, the scenario runs on until its history holds {@code minimum} operations, and {@code attackers} attacker
     * threads run beside the clients. The build passes {@code faults.operations} to the test JVM: empty in a plain
     * {@code mvn verify}, 500 in the {@code faults} profile, or whatever {@code -Dfaults.operations=N} says; it sets
     * the minimum (and the factor, N / 50) of every scenario, in either class.
     */
    public record Size(int factor, int minimum, int attackers) {

        /** The operations every scenario runs at least in the {@code faults} profile. */
        static final int FULL_OPERATIONS = 500;

        /**
         * The smoke class's size: in every {@code mvn verify} the phases as written with one attacker; in the
         * {@code faults} profile the full size.
         */
        public static Size smoke() {
            String operations = System.getProperty("faults.operations", "");
            return operations.isBlank() ? new Size(1, 0, 1) : of(Integer.parseInt(operations.strip()));
        }

        /** The {@code faults} profile: every phase ten times as long, at least 500 operations, two attackers. */
        public static Size full() {
            String operations = System.getProperty("faults.operations", "");
            return of(operations.isBlank() ? FULL_OPERATIONS : Integer.parseInt(operations.strip()));
        }

        static Size of(int operations) {
            return new Size(Math.max(1, operations / 50), operations, operations >= 200 ? 2 : 1);
        }
    }

    final History history;
    final Cluster cluster;
    final String orderResource;
    final String reservationResource;
    /** A token of each card the orders pay with, and of the good card the attackers use, made once. */
    private final Map<String, String> tokens;
    private final List<String> cards;
    final String prefix;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Thread> threads = new ArrayList<>();
    /** The ordinary load's operations (not the attackers'), for the phases of a scenario. */
    private final AtomicLong completed = new AtomicLong();
    private Supplier<List<Cluster.Node>> nodes;
    volatile boolean running = true;
    private Duration timeout = Duration.ofSeconds(5);
    private Size size = Size.smoke();

    /**
     * @param orderResource       the resource orders take one unit of (large, so that orders are not rejected)
     * @param reservationResource the resource plain reservations take one unit of (small: it runs full), or null
     * @param cards               cards the orders pay with, one picked at random per order
     */
    public Load(History history, Cluster cluster, String orderResource, String reservationResource,
                List<String> cards, String prefix) {
        this.history = history;
        this.cluster = cluster;
        this.nodes = cluster::liveNodes;
        this.orderResource = orderResource;
        this.reservationResource = reservationResource;
        this.cards = cards;
        this.prefix = prefix;
        // Tokens outlast the sandbox's outages and resets, so a customer's saved card keeps paying through both.
        this.tokens = Stream.concat(cards.stream(), Stream.of(TestOrders.GOOD_CARD)).distinct()
                .collect(Collectors.toMap(card -> card, card -> TestSandbox.tokenFor(cluster.sandboxUrl(), card)));
    }

    /** The token that pays for an order with this card. */
    String tokenFor(String card) {
        return tokens.get(card);
    }

    /** The nodes the clients spread over; the live nodes unless told. */
    public Load nodes(Supplier<List<Cluster.Node>> nodes) {
        this.nodes = nodes;
        return this;
    }

    public Load size(Size size) {
        this.size = size;
        return this;
    }

    /** How long a client waits for an answer before it records the operation as unknown. */
    public Load timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    List<Cluster.Node> targets() {
        return nodes.get();
    }

    /** Waits until the ordinary load has completed {@code count} times the size's factor more operations. */
    public Load awaitOperations(int count) {
        long scaled = (long) count * size.factor();
        long target = completed.get() + scaled;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60 + scaled)).pollInterval(Duration.ofMillis(100))
                .until(() -> completed.get() >= target);
        return this;
    }

    /** Waits until the scenario's history holds the size's minimum of operations, attackers' included. */
    public Load awaitSize() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60 + size.minimum()))
                .pollInterval(Duration.ofMillis(200)).until(() -> history.size() >= size.minimum());
        return this;
    }

    /**
     * Starts {@code clients} client threads and the size's attackers, who get a scarce resource of their own (four
     * units), so that they contend with each other, not with a scenario's race.
     */
    public Load start(int clients) {
        String scarce = registerScarce();
        for (int i = 0; i < clients; i++) {
            String client = "client-" + i;
            thread(prefix + "-" + client, () -> run(client));
        }
        Attacker.Knowledge knowledge = new Attacker.Knowledge();
        for (int i = 0; i < size.attackers(); i++) {
            thread(prefix + "-attacker-" + i, new Attacker(this, knowledge, "attacker-" + i, i, scarce));
        }
        return this;
    }

    private String registerScarce() {
        RuntimeException last = null;
        for (Cluster.Node node : targets()) {
            try {
                return node.api().registerResource(prefix + " scarce", 4);
            } catch (RuntimeException notAnswering) {
                last = notAnswering;
            }
        }
        throw new IllegalStateException("no node registers the attackers' resource", last);
    }

    private void thread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void run(String client) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running) {
            List<Cluster.Node> targets = targets();
            Cluster.Node node = targets.get(random.nextInt(targets.size()));
            History.Op op = reservationResource == null || random.nextInt(10) < 7
                    ? placeOrder(client, node, cards.get(random.nextInt(cards.size())))
                    : reserve(client, node, reservationResource);
            // a client that was turned away waits a little, as a real one would, before the next operation
            pause(op.outcome() == History.Outcome.OK ? 150 + random.nextInt(150) : 1000);
        }
    }

    public History.Op placeOrder(String client, Cluster.Node node, String card) {
        String customer = prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
        return send(client, node, "ops", History.Type.PLACE_ORDER, customer, customer, 1, null, "/api/orders",
                TestOrders.orderJsonWithToken(orderResource, 1, customer, customer + "@faults.test", tokenFor(card)),
                "orderId");
    }

    public History.Op reserve(String client, Cluster.Node node, String resourceId) {
        String reservation = UUID.randomUUID().toString();
        String customer = prefix + "-" + client;
        return send(client, node, "ops", History.Type.RESERVE, reservation, customer, 1, null,
                "/api/resources/" + resourceId + "/reservations", "{\"reservationId\":\"" + reservation
                        + "\",\"customerId\":\"" + customer + "\",\"quantity\":1}", "status");
    }

    /**
     * Sends one request as {@code user} and records it. {@code key}, {@code customer} and {@code quantity} say where
     * its effect is to be found in the event store (see {@link History.Op}).
     */
    History.Op send(String client, Cluster.Node node, String user, History.Type type, String key, String customer,
                    int quantity, Attacker.Attack attack, String path, String body, String detailField) {
        long index = history.invoke();
        long invoked = System.currentTimeMillis();
        History.Outcome outcome;
        int status = 0;
        String problem = null;
        String detail;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                            + node.port() + path)).timeout(timeout)
                    .header("Authorization", TestApi.basic(user)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            problem = status / 100 == 2 ? null : problem(response.body());
            // A 503 "intake paused" is a definite refusal: the API stored nothing. Any other 5xx may have done it.
            outcome = status / 100 == 2 ? History.Outcome.OK
                    : status / 100 == 4 || (status == 503 && "intake-paused".equals(problem))
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
        History.Op op = new History.Op(index, client, type, key, customer, quantity, attack, node.name(), invoked,
                System.currentTimeMillis(), outcome, status, problem, detail);
        history.complete(op);
        if (attack == null) {
            completed.incrementAndGet();
        }
        return op;
    }

    /** The last segment of a problem's {@code type} ({@code .../problems/not-found} is {@code not-found}). */
    private static String problem(String body) {
        try {
            JsonNode type = JSON.readTree(body).path("type");
            return type.isTextual() ? type.asText().substring(type.asText().lastIndexOf('/') + 1) : null;
        } catch (IOException | RuntimeException notJson) {
            return null;
        }
    }

    private static String field(String json, String name) {
        try {
            return JSON.readTree(json).path(name).asText();
        } catch (IOException e) {
            return abbreviate(json);
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200);
    }

    /** Paces a simulated client between its operations. */
    static void pause(long millis) {
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
