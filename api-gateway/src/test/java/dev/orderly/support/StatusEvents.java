package dev.orderly.support;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Reads a live-status event stream line by line, as {@code HttpResponse.BodyHandlers.fromLineSubscriber} hands it
 * over, and collects the {@code status} of every {@code data:} line; a failed stream adds {@code ERROR ...}.
 */
public final class StatusEvents implements Flow.Subscriber<String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> statuses;

    /** Collects into {@code statuses}, which the test reads while the stream is open: make it thread-safe. */
    public StatusEvents(List<String> statuses) {
        this.statuses = statuses;
    }

    /**
     * Opens the event stream of the order at {@code location} (its path) as an operator, collecting into
     * {@code statuses}; the future completes when the server ends the stream.
     */
    public static CompletableFuture<HttpResponse<Void>> watch(int port, String location, List<String> statuses) {
        return HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + location + "/events"))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", TestApi.basic("ops")).build(),
                HttpResponse.BodyHandlers.fromLineSubscriber(new StatusEvents(statuses)));
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (line.startsWith("data:")) {
            try {
                statuses.add(JSON.readTree(line.substring(5)).path("status").asText());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + line, e);
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        statuses.add("ERROR " + failure.getMessage());
    }

    @Override
    public void onComplete() {
        // the server ended the stream: the order reached a terminal state
    }
}
