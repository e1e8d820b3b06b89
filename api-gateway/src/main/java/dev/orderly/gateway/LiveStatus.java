package dev.orderly.gateway;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The status changes of one order or reservation as a stream, backed by an Axon subscription query. Every node
 * receives every committed change through PostgreSQL {@code LISTEN/NOTIFY}, so the client may be connected to any
 * node. Both the SSE stream and GraphQL subscriptions are built on it: it starts with the current status (or the
 * accepted command's {@code PENDING}), leaves out repeats, and ends at a terminal status or after {@code timeout}.
 */
@Component
@EnableConfigurationProperties(LiveStatus.Properties.class)
public class LiveStatus {

    /**
     * @param timeout how long a live-status stream stays open before the client has to reconnect
     */
    @ConfigurationProperties("orderly.live")
    public record Properties(@DefaultValue("30m") Duration timeout) {
    }

    private final QueryGateway queries;
    private final Properties properties;

    LiveStatus(QueryGateway queries, Properties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    public Duration timeout() {
        return properties.timeout();
    }

    /**
     * @param query    the query whose subscription carries the updates
     * @param viewType what the query answers (optionally) and its updates carry
     * @param answer   the view as the API shows it
     * @param pending  the view while nothing is projected yet
     */
    public <V, A> Flux<A> changes(Object query, Class<V> viewType, Function<V, A> answer,
                                  Supplier<Optional<A>> pending, Function<A, String> status, Set<String> terminal) {
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
        });
    }
}
