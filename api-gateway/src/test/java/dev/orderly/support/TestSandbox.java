package dev.orderly.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sandbox.SandboxServer;
import dev.sandbox.SandboxSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The sandbox the system tests talk to over real HTTP: one per test JVM, on a free port, with delays short enough
 * for tests. Tests drive it only through its HTTP admin API, as an operator would.
 */
public final class TestSandbox {

    /** How long the "timeout after commit" card holds its answer; longer than the app's read timeout in tests. */
    public static final Duration SLOW_ANSWER = Duration.ofSeconds(3);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SandboxServer server;

    private TestSandbox() {
    }

    public static synchronized String baseUrl() {
        if (server == null) {
            server = SandboxServer.start(SandboxSettings.onFreePort()
                    .withSlowAnswerDelay(SLOW_ANSWER)
                    .withSlowCardDelay(Duration.ofMillis(200)));
        }
        return "http://localhost:" + server.port();
    }

    public static void dedupe(boolean enabled) {
        post("/admin/dedupe", "{\"enabled\":" + enabled + "}");
    }

    public static void outage(boolean enabled) {
        post("/admin/outage", "{\"enabled\":" + enabled + "}");
    }

    /** Captures the provider ever accepted for an order reference, straight from its ledger. */
    public static long capturesFor(String orderReference) {
        JsonNode data = get("/v1/ledger?orderReference=" + orderReference).path("data");
        long captures = 0;
        for (JsonNode entry : data) {
            if ("capture".equals(entry.path("type").asText())) {
                captures++;
            }
        }
        return captures;
    }

    private static JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    private static JsonNode post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("sandbox answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
