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
                    .withSlowCardDelay(Duration.ofMillis(200))
                    .withShipDelay(Duration.ofMillis(300)));
        }
        return "http://localhost:" + server.port();
    }

    public static synchronized int smtpPort() {
        baseUrl();
        return server.smtpPort();
    }

    /**
     * A new token of the card from the sandbox's provider ({@code POST /v1/tokens} over HTTP), which is what an order
     * names: in a shop, the provider's checkout page makes it in the customer's browser, and Orderly never sees the
     * card number.
     */
    public static String tokenFor(String card) {
        return tokenFor(baseUrl(), card);
    }

    /** A new token of the card from the sandbox at {@code sandboxUrl} (a sandbox process of a test's own). */
    public static String tokenFor(String sandboxUrl, String card) {
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(sandboxUrl + "/v1/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"card\":\"" + card + "\"}")));
        return answer.path("token").asText();
    }

    public static void dedupe(boolean enabled) {
        post("/admin/dedupe", "{\"enabled\":" + enabled + "}");
    }

    public static void outage(boolean enabled) {
        post("/admin/outage", "{\"enabled\":" + enabled + "}");
    }

    /** While held, the warehouse accepts picklists but ships nothing. */
    public static void holdShipments(boolean enabled) {
        post("/admin/warehouse/hold", "{\"enabled\":" + enabled + "}");
    }

    /** Delivers the last shipment notice of an order again: same shipment id, fresh signature. */
    public static void redeliverShipment(String orderReference) {
        post("/admin/warehouse/redeliver?orderReference=" + orderReference, "{}");
    }

    /** The next {@code count} SMTP connections are refused with a transient error. */
    public static void refuseMail(int count) {
        post("/admin/mail/refuse", "{\"count\":" + count + "}");
    }

    /** Every e-mail the SMTP sink received for an address, duplicates included. */
    public static JsonNode mailTo(String address) {
        return get("/mail/messages?to=" + address).path("data");
    }

    /** Every picklist the warehouse ever accepted for an order, duplicates included. */
    public static JsonNode picklists(String orderReference) {
        return get("/warehouse/picklists?orderReference=" + orderReference).path("data");
    }

    /** Refunds the provider ever accepted for an order reference. */
    public static long refundsFor(String orderReference) {
        long refunds = 0;
        for (JsonNode entry : get("/v1/ledger?orderReference=" + orderReference).path("data")) {
            if ("refund".equals(entry.path("type").asText())) {
                refunds++;
            }
        }
        return refunds;
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
