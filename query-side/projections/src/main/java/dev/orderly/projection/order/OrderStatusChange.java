package dev.orderly.projection.order;

import dev.orderly.command.order.OrderCancellationRequestedEvent;
import dev.orderly.command.order.OrderCancelledEvent;
import dev.orderly.command.order.OrderConfirmedEvent;
import dev.orderly.command.order.OrderNeedsAttentionEvent;
import dev.orderly.command.order.OrderPickingStartedEvent;
import dev.orderly.command.order.OrderPlacedEvent;
import dev.orderly.command.order.OrderRejectedEvent;
import dev.orderly.command.order.OrderReservedEvent;
import dev.orderly.command.order.OrderShippedEvent;
import dev.orderly.query.order.OrderStatus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The status each order event leaves the order in, as the order view shows it: the one place it is derived. An order
 * event names its status outright (the aggregate has decided), so this is a table; {@code StatusAgreementTest}
 * checks it against the {@code Order} aggregate for every event type.
 */
public final class OrderStatusChange {

    private static final Map<Class<?>, Optional<OrderStatus>> AFTER = new LinkedHashMap<>();

    static {
        AFTER.put(OrderPlacedEvent.class, Optional.of(OrderStatus.PENDING_RESERVATION));
        AFTER.put(OrderReservedEvent.class, Optional.of(OrderStatus.PENDING_PAYMENT));
        AFTER.put(OrderRejectedEvent.class, Optional.of(OrderStatus.REJECTED));
        AFTER.put(OrderConfirmedEvent.class, Optional.of(OrderStatus.CONFIRMED));
        AFTER.put(OrderPickingStartedEvent.class, Optional.of(OrderStatus.PICKING));
        AFTER.put(OrderShippedEvent.class, Optional.of(OrderStatus.SHIPPED));
        AFTER.put(OrderCancellationRequestedEvent.class, Optional.of(OrderStatus.CANCEL_PENDING));
        AFTER.put(OrderCancelledEvent.class, Optional.of(OrderStatus.CANCELLED));
        // A flag beside the status: the order goes on where it stands while a person looks at it.
        AFTER.put(OrderNeedsAttentionEvent.class, Optional.empty());
    }

    private OrderStatusChange() {
    }

    /**
     * The status after {@code event}; empty for an order event that leaves it as it is.
     *
     * @throws IllegalArgumentException for an event that is not one of {@link #events()}
     */
    public static Optional<OrderStatus> after(Object event) {
        Optional<OrderStatus> status = AFTER.get(event.getClass());
        if (status == null) {
            throw new IllegalArgumentException("no order status is derived from " + event.getClass().getName());
        }
        return status;
    }

    /** The status after {@code event}, for an event that always sets one. */
    static OrderStatus of(Object event) {
        return after(event).orElseThrow(() -> new IllegalArgumentException(event.getClass().getSimpleName()
                + " sets no order status"));
    }

    /** The order events this derivation covers: every one of them, whether it changes the status or not. */
    public static Set<Class<?>> events() {
        return AFTER.keySet();
    }
}
