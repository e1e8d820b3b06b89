package dev.orderly.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A round-robin HTTP load balancer in front of the cluster's live nodes, as a deployment would have one: the
 * warehouse's shipment notices go to it rather than to the node that sent the picklist, so a node lost for good does
 * not take its orders' notices with it. A node that refuses the connection is skipped; if none answers, {@code 502}.
 */
final class Balancer implements AutoCloseable {

    /** Headers the JDK client sets itself, or that belong to one hop only. */
    private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "balancer");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Supplier<List<Integer>> ports;
    private final AtomicInteger next = new AtomicInteger();

    private Balancer(HttpServer server, Supplier<List<Integer>> ports) {
        this.server = server;
        this.ports = ports;
    }

    static Balancer start(Supplier<List<Integer>> livePorts) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            Balancer balancer = new Balancer(server, livePorts);
            server.createContext("/", balancer::forward);
            server.setExecutor(balancer.executor);
            server.start();
            return balancer;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        List<Integer> live = ports.get();
        for (int tried = 0; tried < live.size(); tried++) {
            int port = live.get(Math.floorMod(next.getAndIncrement(), live.size()));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(10))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            try {
                HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                response.headers().map().forEach((name, values) -> {
                    if (!NOT_FORWARDED.contains(name.toLowerCase()) && !name.startsWith(":")) {
                        exchange.getResponseHeaders().put(name, values);
                    }
                });
                exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1
                        : response.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
                return;
            } catch (java.net.ConnectException | java.net.http.HttpTimeoutException unreachable) {
                // that node is down or stopped: try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        exchange.sendResponseHeaders(502, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
