package dev.orderly.gateway;

import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.gateway.security.Callers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The status changes of one order or reservation as a stream, backed by an Axon subscription query. Every node
 * receives every committed change through PostgreSQL {@code LISTEN/NOTIFY}, so the client may be connected to any
 * node. The SSE stream, GraphQL subscriptions and the reservation long poll are built on it: it starts with the current
 * status (or the accepted command's {@code PENDING}), leaves out repeats, and ends at a terminal status or after
 * {@code timeout}. None holds a thread while it waits, and each caller may have at most
 * {@code max-streams-per-caller} open at once, so that one client cannot hold the server's memory and connections.
 */
@Component
@EnableConfigurationProperties(LiveStatus.Properties.class)
public class LiveStatus {

    /**
     * @param timeout             how long a live-status stream stays open before the client has to reconnect
     * @param maxStreamsPerCaller how many streams and long polls one caller may have open at once, on this node
     * @param heartbeat           how often an idle SSE stream sends a comment, so that a client that went away is
     *                            noticed (and its stream released) and proxies do not cut a quiet connection
     */
    @ConfigurationProperties("orderly.live")
    public record Properties(@DefaultValue("30m") Duration timeout, @DefaultValue("5") int maxStreamsPerCaller,
                             @DefaultValue("15s") Duration heartbeat) {
    }

    /** {@code 429}: the caller has as many streams open as it may; one must end before another opens. */
    public static class TooManyStreamsException extends ErrorResponseException {

        TooManyStreamsException(int limit) {
            super(HttpStatus.TOO_MANY_REQUESTS, problem(limit), null);
            getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        }

        private static ProblemDetail problem(int limit) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, "you have " + limit
                    + " live-status streams or long polls open, as many as allowed; close one before opening another");
            problem.setType(ApiProblem.type("too-many-streams"));
            return problem;
        }
    }

    private final QueryGateway queries;
    private final Properties properties;
    private final Callers callers;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();

    LiveStatus(QueryGateway queries, Properties properties, Callers callers, MeterRegistry meters) {
        this.queries = queries;
        this.properties = properties;
        this.callers = callers;
        Gauge.builder("orderly.live.streams", this, LiveStatus::openStreams)
                .description("live-status streams and long polls open on this node").register(meters);
    }

    public Duration timeout() {
        return properties.timeout();
    }

    public Duration heartbeat() {
        return properties.heartbeat();
    }

    /** How many streams and long polls are open on this node, of all callers. */
    public int openStreams() {
        return open.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The changes as a stream, counted against the current caller's streams from now until it ends, whichever way:
     * refused with {@link TooManyStreamsException} when the caller has as many open as allowed. Subscribe to it.
     *
     * @param query    the query whose subscription carries the updates
     * @param viewType what the query answers (optionally) and its updates carry
     * @param answer   the view as the API shows it
     * @param pending  the view while nothing is projected yet
     */
    public <V, A> Flux<A> changes(Object query, Class<V> viewType, Function<V, A> answer,
                                  Supplier<Optional<A>> pending, Function<A, String> status, Set<String> terminal) {
        String caller = callers.current().name();
        take(caller);
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                give(caller);
            }
        };
        return Flux.defer(() -> {
            SubscriptionQueryResult<Optional<V>, V> result = queries.subscriptionQuery(query,
                    ResponseTypes.optionalInstanceOf(viewType), ResponseTypes.instanceOf(viewType));
            Mono<A> initial = result.initialResult()
                    .flatMap(found -> Mono.justOrEmpty(found.map(answer).or(pending)));
            return Flux.concat(initial, result.updates().map(answer))
                    .distinctUntilChanged(status)
                    .takeUntil(view -> terminal.contains(status.apply(view)))
                    .take(properties.timeout())
                    .doFinally(signal -> result.cancel());
        }).doFinally(signal -> release.run());
    }

    private void take(String caller) {
        int limit = properties.maxStreamsPerCaller();
        AtomicBoolean taken = new AtomicBoolean();
        open.compute(caller, (name, count) -> {
            int current = count == null ? 0 : count;
            if (current >= limit) {
                return count;
            }
            taken.set(true);
            return current + 1;
        });
        if (!taken.get()) {
            throw new TooManyStreamsException(limit);
        }
    }

    private void give(String caller) {
        open.computeIfPresent(caller, (name, count) -> count > 1 ? count - 1 : null);
    }
}
