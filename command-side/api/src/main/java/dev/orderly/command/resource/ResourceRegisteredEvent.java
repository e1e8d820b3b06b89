package dev.orderly.command.resource;

import dev.orderly.command.Money;
import org.axonframework.serialization.Revision;

/**
 * Revision 2 added {@code unitPrice}; a revision-1 event is read with none, and such a resource cannot be ordered
 * until an operator sets its price.
 */
@Revision("2")
public record ResourceRegisteredEvent(ResourceId resourceId, String name, int capacity, Money unitPrice) {
}
