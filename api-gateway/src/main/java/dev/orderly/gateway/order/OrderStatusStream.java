package dev.orderly.gateway.order;

import dev.orderly.gateway.LiveStatus;
import dev.orderly.query.order.OrderView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One order's status changes ({@link Orders#statusChanges}) as server-sent events, one {@code status} event each. The
 * stream holds no thread between events. While nothing changes it sends a comment every {@code orderly.live.heartbeat}:
 * a client that went away is only noticed when a write to it fails, and its stream is only released then.
 */
@Component
class OrderStatusStream {

    private static final Logger log = LoggerFactory.getLogger(OrderStatusStream.class);

    private final LiveStatus live;

    OrderStatusStream(LiveStatus live) {
        this.live = live;
    }

    SseEmitter open(Flux<OrderView> changes) {
        SseEmitter emitter = new SseEmitter(live.timeout().toMillis());
        AtomicReference<Disposable> subscription = new AtomicReference<>();
        Runnable close = () -> {
            Disposable current = subscription.get();
            if (current != null) {
                current.dispose();
            }
        };
        emitter.onCompletion(close);
        emitter.onTimeout(close);
        emitter.onError(error -> close.run());
        Duration heartbeat = live.heartbeat();
        Flux<SseEmitter.SseEventBuilder> events = changes.map(OrderStatusStream::status)
                .publish(statuses -> statuses.mergeWith(Flux.interval(heartbeat, heartbeat)
                        .map(beat -> SseEmitter.event().comment("heartbeat"))
                        .takeUntilOther(statuses.then())));
        // A client that went away ends its stream with the I/O failure itself, which Spring MVC knows to be no error.
        subscription.set(events.subscribe(event -> send(emitter, event),
                failure -> emitter.completeWithError(failure instanceof ClientGone gone ? gone.getCause() : failure),
                emitter::complete));
        return emitter;
    }

    /** A write to the client failed: it went away, or its stream already ended. */
    private static final class ClientGone extends RuntimeException {

        ClientGone(Exception cause) {
            super("live-status client went away", cause);
        }
    }

    private static SseEmitter.SseEventBuilder status(OrderView view) {
        return SseEmitter.event().name("status").id(view.orderId() + ":" + view.status()).data(view);
    }

    private static void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException gone) {
            log.debug("A live-status client went away");
            throw new ClientGone(gone);
        }
    }
}
