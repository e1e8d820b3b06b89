package dev.orderly.saga.payment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.axon.job.BackOff;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The provider over HTTP. Calls that move money are made once per invocation, with the caller's idempotency key; a
 * failed call is reported as {@link ProviderAnswer.NoAnswer}, never retried blindly. Only look-ups, which are safe,
 * are retried here, with exponential back-off and jitter. A circuit breaker counts unanswered calls; while it is open
 * no call is made at all, and intake pauses.
 */
@Component
class HttpPaymentProvider implements PaymentProvider {

    private static final Logger log = LoggerFactory.getLogger(HttpPaymentProvider.class);
    /** The provider's error for a token it never issued or no longer honours. */
    private static final String INVALID_TOKEN = "invalid_token";

    private final PaymentProviderProperties properties;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final CircuitBreaker circuitBreaker;
    private final Retry lookupRetry;

    HttpPaymentProvider(PaymentProviderProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).build();
        this.circuitBreaker = CircuitBreaker.of("payment-provider", CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(properties.slidingWindowSize())
                .minimumNumberOfCalls(properties.minimumCalls())
                .waitDurationInOpenState(properties.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(properties.permittedCallsInHalfOpen())
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .build());
        this.circuitBreaker.getEventPublisher().onStateTransition(event ->
                log.warn("Payment provider circuit breaker: {}", event.getStateTransition()));
        this.lookupRetry = Retry.of("payment-provider-lookup", RetryConfig.custom()
                .maxAttempts(properties.lookupAttempts())
                .intervalFunction(lookupPause(properties))
                .retryExceptions(ProviderUnavailableException.class)
                .build());
    }

    /**
     * The one back-off, from {@code lookup-backoff}, doubling, up to half of each pause taken off at random, and never
     * longer than a call may take ({@code read-timeout}).
     */
    static IntervalFunction lookupPause(PaymentProviderProperties properties) {
        BackOff backOff = new BackOff(properties.lookupBackoff(),
                max(properties.lookupBackoff(), properties.readTimeout()), 0.5);
        return attempt -> backOff.delay(attempt).toMillis();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public ProviderAnswer charge(String idempotencyKey, String orderReference, long amount, String currency,
                                 String paymentToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", amount);
        body.put("currency", currency);
        body.put("token", paymentToken);
        body.put("orderReference", orderReference);
        body.put("capture", true);
        ProviderAnswer answer = post("/v1/payments", idempotencyKey, body, this::answered);
        return answer instanceof ProviderAnswer.Refused refused && refused.status() == 400
                && INVALID_TOKEN.equals(refused.error()) ? new ProviderAnswer.TokenRefused(refused.error()) : answer;
    }

    @Override
    public Optional<ProviderPayment> findByKey(String idempotencyKey) {
        return lookupRetry.executeSupplier(() -> lookupOnce(idempotencyKey));
    }

    @Override
    public ProviderAnswer cancel(String providerPaymentId, String idempotencyKey) {
        return post("/v1/payments/" + encode(providerPaymentId) + "/cancel", idempotencyKey, Map.of(),
                this::answered);
    }

    @Override
    public ProviderAnswer refund(String providerPaymentId, long amount, String idempotencyKey) {
        return post("/v1/payments/" + encode(providerPaymentId) + "/refunds", idempotencyKey,
                Map.of("amount", amount),
                refund -> new ProviderAnswer.Refunded(refund.path("id").asText(), refund.path("amount").asLong()));
    }

    /**
     * Only a closed breaker invites new charges. While it is half open, the intake probe alone tests the provider, so
     * queued payments do not spend their attempts on calls the breaker would not let through.
     */
    @Override
    public boolean available() {
        return circuitBreaker.getState() == CircuitBreaker.State.CLOSED;
    }

    @Override
    public String circuitState() {
        return circuitBreaker.getState().name();
    }

    private Optional<ProviderPayment> lookupOnce(String idempotencyKey) {
        Exchange exchange = exchange(HttpRequest.newBuilder(uri("/v1/payments?idempotencyKey=" + encode(
                idempotencyKey))).GET());
        if (exchange.failure() != null) {
            throw new ProviderUnavailableException("look-up of key " + idempotencyKey + " failed: "
                    + exchange.failure());
        }
        if (exchange.status() != 200) {
            throw new ProviderUnavailableException("look-up of key " + idempotencyKey + " answered "
                    + exchange.status());
        }
        JsonNode data = exchange.body().path("data");
        // Several payments under one key only exist if the provider failed to deduplicate; the first is the one.
        return data.isArray() && !data.isEmpty() ? Optional.of(payment(data.get(0))) : Optional.empty();
    }

    private ProviderAnswer post(String path, String idempotencyKey, Map<String, Object> body,
                                Function<JsonNode, ProviderAnswer> onAnswer) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        } catch (IOException e) {
            throw new IllegalArgumentException("request body cannot be written", e);
        }
        Exchange exchange = exchange(request);
        if (exchange.failure() != null) {
            return new ProviderAnswer.NoAnswer(exchange.failure());
        }
        int status = exchange.status();
        JsonNode answer = exchange.body();
        if (status >= 500) {
            return new ProviderAnswer.NoAnswer("provider answered " + status);
        }
        if (status == 402 || status / 100 == 2) {
            return onAnswer.apply(answer);
        }
        JsonNode payment = answer.path("payment");
        return new ProviderAnswer.Refused(status, answer.path("error").asText("http-" + status),
                payment.isObject() ? payment(payment) : null);
    }

    /** One HTTP exchange through the circuit breaker; an unanswered or 5xx call counts against the provider. */
    private Exchange exchange(HttpRequest.Builder request) {
        if (!circuitBreaker.tryAcquirePermission()) {
            return new Exchange(0, null, "not called: the provider's circuit breaker is open");
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.timeout(properties.readTimeout()).build(),
                    HttpResponse.BodyHandlers.ofString());
            long elapsed = System.nanoTime() - start;
            if (response.statusCode() >= 500) {
                circuitBreaker.onError(elapsed, TimeUnit.NANOSECONDS,
                        new ProviderUnavailableException("HTTP " + response.statusCode()));
            } else {
                circuitBreaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
            }
            JsonNode body = response.body() == null || response.body().isBlank() ? json.nullNode()
                    : json.readTree(response.body());
            return new Exchange(response.statusCode(), body, null);
        } catch (IOException e) {
            circuitBreaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            return new Exchange(0, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            circuitBreaker.releasePermission();
            return new Exchange(0, null, "interrupted while waiting for the provider");
        }
    }

    private ProviderAnswer answered(JsonNode node) {
        return new ProviderAnswer.Answered(payment(node));
    }

    private ProviderPayment payment(JsonNode node) {
        return new ProviderPayment(node.path("id").asText(), node.path("status").asText(),
                node.path("declineCode").isNull() ? null : node.path("declineCode").asText(null),
                node.path("amount").asLong(), node.path("currency").asText(), node.path("capturedAmount").asLong(),
                node.path("refundedAmount").asLong());
    }

    private URI uri(String path) {
        return URI.create(properties.baseUrl() + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private record Exchange(int status, JsonNode body, String failure) {
    }
}
