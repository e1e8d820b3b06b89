package dev.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A plain {@link HttpClient} talking to a sandbox, as Orderly will. */
public final class SandboxClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;

    public SandboxClient(URI base) {
        this.base = base;
    }

    /** An answer with its body kept as text, so that answers can be compared byte for byte. */
    public record Answer(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String error() {
            return json().path("error").asText(null);
        }
    }

    /** A charge of {@code amount} EUR cents on a card token from {@link #token}. */
    public static String charge(long amount, String token, String orderReference) {
        return "{\"amount\":" + amount + ",\"currency\":\"EUR\",\"token\":\"" + token + "\",\"orderReference\":\""
                + orderReference + "\"}";
    }

    public static String authorize(long amount, String token, String orderReference) {
        return "{\"amount\":" + amount + ",\"currency\":\"EUR\",\"token\":\"" + token + "\",\"orderReference\":\""
                + orderReference + "\",\"capture\":false}";
    }

    /** A new token for the card, made over HTTP by {@code POST /v1/tokens} as a checkout page would. */
    public String token(String card) throws IOException, InterruptedException {
        Answer answer = post("/v1/tokens", null, "{\"card\":\"" + card + "\"}");
        if (answer.status() != 201) {
            throw new IllegalStateException("tokenising answered " + answer.status() + ": " + answer.body());
        }
        return answer.json().path("token").asText();
    }

    public Answer post(String path, String idempotencyKey, String body) throws IOException, InterruptedException {
        return post(path, idempotencyKey, body, DEFAULT_TIMEOUT);
    }

    public Answer post(String path, String idempotencyKey, String body, Duration timeout)
            throws IOException, InterruptedException {
        return toAnswer(http.send(postRequest(path, idempotencyKey, body, timeout),
                HttpResponse.BodyHandlers.ofString()));
    }

    public CompletableFuture<Answer> postAsync(String path, String idempotencyKey, String body) {
        return http.sendAsync(postRequest(path, idempotencyKey, body, DEFAULT_TIMEOUT),
                HttpResponse.BodyHandlers.ofString()).thenApply(SandboxClient::toAnswer);
    }

    public Answer get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(DEFAULT_TIMEOUT).GET().build();
        return toAnswer(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /** Ledger captures of the order, as tests of Orderly will count them: over HTTP. */
    public long capturesOf(String orderReference) throws IOException, InterruptedException {
        long count = 0;
        for (JsonNode entry : get("/v1/ledger?orderReference=" + orderReference).json().path("data")) {
            if (entry.path("type").asText().equals("capture")) {
                count++;
            }
        }
        return count;
    }

    /** The payments created with the key, over HTTP. */
    public JsonNode paymentsWithKey(String idempotencyKey) throws IOException, InterruptedException {
        return get("/v1/payments?idempotencyKey=" + idempotencyKey).json().path("data");
    }

    private HttpRequest postRequest(String path, String idempotencyKey, String body, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        return builder.build();
    }

    private static Answer toAnswer(HttpResponse<String> response) {
        return new Answer(response.statusCode(), response.headers(), response.body());
    }
}
