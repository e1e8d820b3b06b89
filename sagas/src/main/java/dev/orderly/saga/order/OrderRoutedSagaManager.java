package dev.orderly.saga.order;

import dev.orderly.command.order.OrderId;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.AssociationValue;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;

/**
 * Lets exactly one segment of the saga processor look at each saga event: the segment of the order it concerns.
 * Axon's own saga manager accepts every event in every segment, looks the event's associations up (a query on the
 * association table) and only then drops the sagas whose identifier lies in another segment, so each of N segments
 * paid that query for every saga event.
 * <p>
 * Every event the fulfilment saga handles names its order ({@code orderId}), so the order is the routing key: its
 * {@code orderId} association value, the very value Axon checks before it starts a saga for an
 * {@link dev.orderly.command.order.OrderPlacedEvent}. An order's events thus meet in one segment and are seen there in
 * the order of the stream, whatever the saga's identifier; which is why a found saga is not filtered by its
 * identifier a second time. The routing holds when segments are split or merged (a value falls into exactly one
 * segment of any complete set), and sagas started before this manager, whose identifiers were picked per segment,
 * are found as before. An event without an order (a reservation made through the API, an event written before
 * reservations named their order) concerns no fulfilment saga; it is routed by its own association value, so it
 * is still looked up once and not once per segment.
 */
final class OrderRoutedSagaManager<T> extends AnnotatedSagaManager<T> {

    static final String ORDER_ASSOCIATION = "orderId";

    private static final ClassValue<Optional<RecordComponent>> ORDER_COMPONENT = new ClassValue<>() {
        @Override
        protected Optional<RecordComponent> computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return Optional.empty();
            }
            return Arrays.stream(type.getRecordComponents())
                    .filter(component -> component.getName().equals(ORDER_ASSOCIATION)
                            && component.getType() == OrderId.class)
                    .findFirst();
        }
    };

    OrderRoutedSagaManager(AnnotatedSagaManager.Builder<T> builder) {
        super(builder);
    }

    @Override
    public boolean canHandle(EventMessage<?> event, Segment segment) {
        return super.canHandle(event, segment) && segment.matches(routingKey(event));
    }

    /** Every saga found for an event is this segment's: the event was routed here by the saga's order. */
    @Override
    protected boolean matchesSegment(Segment segment, String sagaId) {
        return true;
    }

    /** The value whose segment handles {@code event}: its order's association, else its own association. */
    Object routingKey(EventMessage<?> event) {
        Optional<OrderId> order = orderOf(event.getPayload());
        if (order.isPresent()) {
            return new AssociationValue(ORDER_ASSOCIATION, order.get().toString());
        }
        return extractAssociationValues(event).stream()
                .min(Comparator.comparing(AssociationValue::getKey)
                        .thenComparing(AssociationValue::getValue, Comparator.nullsFirst(Comparator.naturalOrder())))
                .orElse(null);
    }

    /** Whether events of this type name the order they concern, and so are routed by it. */
    static boolean namesItsOrder(Class<?> eventType) {
        return ORDER_COMPONENT.get(eventType).isPresent();
    }

    /** The order an event concerns: its {@code orderId} record component, when it has one that is set. */
    static Optional<OrderId> orderOf(Object payload) {
        return ORDER_COMPONENT.get(payload.getClass()).map(component -> {
            try {
                return (OrderId) component.getAccessor().invoke(payload);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the order of " + payload.getClass().getName(), e);
            }
        });
    }
}
