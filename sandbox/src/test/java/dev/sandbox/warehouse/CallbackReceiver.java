package dev.sandbox.warehouse;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What the app's webhook endpoint would be: a small JDK HTTP server that records every shipment notice it gets and
 * answers with scripted statuses (200 once the script is used up). It checks signatures with its own HMAC code.
 */
final class CallbackReceiver implements AutoCloseable {

    static final String PATH = "/api/webhooks/warehouse";

    /** One received notice, the body exactly as it arrived. */
    record Notice(String path, String body, String contentType, String timestamp, String signature) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<Notice> notices = new CopyOnWriteArrayList<>();
    private final Queue<Integer> script = new ConcurrentLinkedQueue<>();

    CallbackReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::receive);
        server.start();
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + PATH;
    }

    /** The next answers, in order; after them the receiver answers 200 again. */
    void answerWith(Integer... statuses) {
        script.addAll(Arrays.asList(statuses));
    }

    List<Notice> notices() {
        return new ArrayList<>(notices);
    }

    void clear() {
        notices.clear();
        script.clear();
    }

    /** Whether the signature header is {@code sha256=} + hex HMAC-SHA256(secret, timestamp + "." + body). */
    static boolean signedWith(Notice notice, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((notice.timestamp() + "." + notice.body()).getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder("sha256=");
        for (byte b : expected) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return notice.signature() != null && MessageDigest.isEqual(
                hex.toString().getBytes(StandardCharsets.US_ASCII),
                notice.signature().getBytes(StandardCharsets.US_ASCII));
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            notices.add(new Notice(exchange.getRequestURI().getPath(), body,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-Orderly-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Orderly-Signature")));
            Integer scripted = script.poll();
            exchange.sendResponseHeaders(scripted == null ? 200 : scripted, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
