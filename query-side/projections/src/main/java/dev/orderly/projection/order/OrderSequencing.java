package dev.orderly.projection.order;

import dev.orderly.query.order.OrderView;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.reflect.RecordComponent;

/**
 * Sequences the order view's events by order id, whichever aggregate they come from, so that an order's events and
 * its payment's are handled in order by the same segment.
 */
@Configuration(proxyBeanMethods = false)
class OrderSequencing {

    @Bean
    ConfigurerModule orderViewSequencing() {
        return configurer -> configurer.eventProcessing().registerSequencingPolicy(
                OrderView.PROCESSING_GROUP, config -> byOrderId());
    }

    static SequencingPolicy<EventMessage<?>> byOrderId() {
        SequentialPerAggregatePolicy fallback = SequentialPerAggregatePolicy.instance();
        return event -> {
            Object payload = event.getPayload();
            if (payload.getClass().isRecord()) {
                for (RecordComponent component : payload.getClass().getRecordComponents()) {
                    if (component.getName().equals("orderId")) {
                        try {
                            return String.valueOf(component.getAccessor().invoke(payload));
                        } catch (ReflectiveOperationException e) {
                            break;
                        }
                    }
                }
            }
            return fallback.getSequenceIdentifierFor(event);
        };
    }
}
