package dev.orderly.gateway.order;

import dev.orderly.query.order.FindOrderQuery;
import dev.orderly.query.order.OrderView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A server-sent-events stream of one order's status changes, backed by an Axon subscription query. Every node
 * receives every committed change through PostgreSQL {@code LISTEN/NOTIFY}, so the client may be connected to any
 * node. The stream ends when the order reaches a terminal state.
 */
@Component
@EnableConfigurationProperties(OrderStatusStream.Properties.class)
class OrderStatusStream {

    static final Set<String> TERMINAL = Set.of("SHIPPED", "CANCELLED", "REJECTED");

    private static final Logger log = LoggerFactory.getLogger(OrderStatusStream.class);

    /**
     * @param timeout how long a live-status stream stays open before the client has to reconnect
     */
    @ConfigurationProperties("orderly.live")
    record Properties(@DefaultValue("30m") Duration timeout) {
    }

    private final QueryGateway queries;
    private final Properties properties;

    OrderStatusStream(QueryGateway queries, Properties properties) {
        this.queries = queries;
        this.properties = properties;
    }

    SseEmitter open(FindOrderQuery query, Supplier<Optional<OrderView>> pending) {
        SseEmitter emitter = new SseEmitter(properties.timeout().toMillis());
        SubscriptionQueryResult<Optional<OrderView>, OrderView> result = queries.subscriptionQuery(query,
                ResponseTypes.optionalInstanceOf(OrderView.class), ResponseTypes.instanceOf(OrderView.class));
        AtomicReference<String> last = new AtomicReference<>();
        Runnable close = result::cancel;
        emitter.onCompletion(close);
        emitter.onTimeout(close);
        emitter.onError(error -> close.run());
        result.initialResult().subscribe(
                initial -> initial.or(pending).ifPresent(view -> send(emitter, view, last, result)),
                emitter::completeWithError);
        result.updates().subscribe(view -> send(emitter, view, last, result), emitter::completeWithError);
        return emitter;
    }

    private static void send(SseEmitter emitter, OrderView view, AtomicReference<String> last,
                             SubscriptionQueryResult<?, ?> result) {
        synchronized (emitter) {
            if (view.status().equals(last.get()) || (last.get() != null && TERMINAL.contains(last.get()))) {
                return;
            }
            last.set(view.status());
            try {
                emitter.send(SseEmitter.event().name("status").id(view.orderId() + ":" + view.status()).data(view));
                if (TERMINAL.contains(view.status())) {
                    emitter.complete();
                    result.cancel();
                }
            } catch (IOException | IllegalStateException gone) {
                log.debug("Live-status client of order {} went away", view.orderId());
                result.cancel();
            }
        }
    }
}
