package dev.orderly.browser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends what a browser sends for a page of another origin: the preflight it asks first, and the request itself with
 * {@code Origin}; and reads the answer as the browser would let the page read it.
 */
final class CrossOriginClient {

    static final String FRONTEND = "http://localhost:5173";
    static final String ORIGIN_NOT_ALLOWED = "https://orderly.dev/problems/origin-not-allowed";
    /** The response headers a page may always read (Fetch's CORS-safelisted response-header names). */
    private static final Set<String> SAFELISTED = Set.of("cache-control", "content-language", "content-length",
            "content-type", "expires", "last-modified", "pragma");

    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    CrossOriginClient(int port) {
        this.base = "http://localhost:" + port;
    }

    /** The preflight a browser sends before {@code method} with {@code headers} (lower case, as browsers list them). */
    HttpResponse<String> preflight(String origin, String method, String path, String headers, String... extra)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method);
        if (headers != null) {
            request.header("Access-Control-Request-Headers", headers);
        }
        if (extra.length > 0) {
            request.headers(extra);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The request itself from a page of {@code origin}, with headers given as name, value, name, value... */
    HttpResponse<String> send(String origin, String method, String path, HttpRequest.BodyPublisher body,
                              String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body).header("Origin", origin);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The names in a comma-separated header such as {@code Access-Control-Expose-Headers}, in lower case. */
    static Set<String> names(HttpResponse<?> response, String header) {
        return response.headers().allValues(header).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(name -> name.strip().toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toSet());
    }

    /**
     * Asserts that a page of {@code origin} may read this answer and every header on it: the origin is allowed, and
     * each header that is neither safelisted nor about CORS itself is exposed.
     */
    static void assertReadableBy(String origin, HttpResponse<?> response) {
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).as(response.toString())
                .hasValue(origin);
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        Set<String> exposed = names(response, "Access-Control-Expose-Headers");
        List<String> unreadable = response.headers().map().keySet().stream()
                .map(name -> name.toLowerCase(Locale.ROOT))
                .filter(name -> !SAFELISTED.contains(name) && !name.startsWith("access-control-")
                        && !name.equals(":status") && !Set.of("vary", "date", "connection", "keep-alive",
                        "transfer-encoding", "x-content-type-options", "x-xss-protection", "x-frame-options")
                        .contains(name))
                .filter(name -> !exposed.contains(name))
                .toList();
        assertThat(unreadable).as("headers a page could not read on " + response).isEmpty();
    }

    /** Asserts a refusal of the origin: {@code 403 origin-not-allowed}, and nothing that lets a page read it. */
    static void assertOriginRefused(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.body()).contains(ORIGIN_NOT_ALLOWED);
        assertThat(response.headers().map().keySet()).noneMatch(name ->
                name.toLowerCase(Locale.ROOT).startsWith("access-control-allow"));
    }
}
