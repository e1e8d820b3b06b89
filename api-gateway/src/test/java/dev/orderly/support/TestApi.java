package dev.orderly.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/**
 * A plain HTTP client for the API under test: real requests over a real socket, no Spring test shortcuts. It signs in
 * with HTTP Basic as one of the default profile's users: the operator unless told otherwise, since most tests drive
 * the system as a whole rather than as one customer.
 */
public final class TestApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The default profile's demonstration accounts, as the README lists them. */
    private static final Map<String, String> PASSWORDS = Map.of("ops", "ops-secret", "alice", "alice-secret",
            "bob", "bob-secret");

    private final String base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TestApi(int port) {
        this(port, "ops");
    }

    private TestApi(int port, String user) {
        this.base = "http://localhost:" + port;
        this.authorization = user == null ? null : basic(user, PASSWORDS.get(user));
    }

    /** The same API as the given default user ({@code alice}, {@code bob} or {@code ops}). */
    public static TestApi as(int port, String user) {
        if (!PASSWORDS.containsKey(user)) {
            throw new IllegalArgumentException("no such default user: " + user);
        }
        return new TestApi(port, user);
    }

    /** The same API with no credentials at all. */
    public static TestApi anonymous(int port) {
        return new TestApi(port, null);
    }

    /** The {@code Authorization} header value of HTTP Basic for a user. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code Authorization} header value for one of the default users. */
    public static String basic(String user) {
        return basic(user, PASSWORDS.get(user));
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** A GET with headers given as name, value, name, value... */
    public Response get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).headers(headers).GET());
    }

    /** The body of a non-JSON answer (a page, metrics), or fails on a non-2xx status. */
    public String getText(String path) {
        try {
            HttpResponse<String> response = http.send(authorized(HttpRequest.newBuilder(URI.create(base + path)))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response post(String path, String json, String header, String value) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Registers a resource and returns its id. */
    public String registerResource(String name, int capacity) {
        Response response = post("/api/resources", "{\"name\":\"" + name + "\",\"capacity\":" + capacity
                + ",\"unitPrice\":" + TestOrders.UNIT_PRICE + ",\"currency\":\"EUR\"}");
        if (response.status() != 201) {
            throw new IllegalStateException("registering failed: " + response);
        }
        return response.body().get("resourceId").asText();
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return authorization == null ? request : request.setHeader("Authorization", authorization);
    }

    /** Any method with a raw body, sent as JSON whether or not it is. */
    public Response send(String method, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(authorized(request).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Response(response.statusCode(), response.headers().firstValue("Location").orElse(null),
                    response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null), body, response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, String location, String contentType, String retryAfter, JsonNode body,
                           java.net.http.HttpHeaders headers) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String text(String field) {
            JsonNode value = body.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }
    }
}
