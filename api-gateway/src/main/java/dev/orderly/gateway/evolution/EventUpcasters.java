package dev.orderly.gateway.evolution;

import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/**
 * Every change of an event's shape since its first revision, one upcaster per step. Axon applies them to whatever
 * it reads from the event store, so every handler sees today's classes. Revision 2 of the resource events came with
 * prices and reservation owners; what an old event lacks is read as {@code null}.
 */
@Configuration(proxyBeanMethods = false)
public class EventUpcasters {

    /** The upcasters in the order they apply; exposed for the golden-JSON test. */
    public static List<EventUpcaster> all() {
        return List.of(
                new NewFieldsUpcaster(ResourceRegisteredEvent.class, "1", "2", List.of("unitPrice")),
                new NewFieldsUpcaster(ResourceReservedEvent.class, "1", "2", List.of("orderId", "unitPrice")),
                new NewFieldsUpcaster(ReservationRejectedEvent.class, "1", "2", List.of("orderId")),
                new NewFieldsUpcaster(ReservationReleasedEvent.class, "1", "2", List.of("orderId")));
    }

    /** One chain of them all, which Axon's auto-configuration registers with the event store like any upcaster. */
    @Bean
    EventUpcaster orderlyEventUpcasters() {
        return new EventUpcasterChain(all());
    }
}
