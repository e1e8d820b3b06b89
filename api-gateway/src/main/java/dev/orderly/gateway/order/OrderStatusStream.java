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
import java.util.concurrent.atomic.AtomicReference;

/** One order's status changes ({@link Orders#statusChanges}) as server-sent events, one {@code status} event each. */
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
        subscription.set(changes.subscribe(view -> send(emitter, view), emitter::completeWithError,
                emitter::complete));
        return emitter;
    }

    private static void send(SseEmitter emitter, OrderView view) {
        try {
            emitter.send(SseEmitter.event().name("status").id(view.orderId() + ":" + view.status()).data(view));
        } catch (IOException | IllegalStateException gone) {
            log.debug("Live-status client of order {} went away", view.orderId());
            throw new IllegalStateException("live-status client went away", gone);
        }
    }
}
