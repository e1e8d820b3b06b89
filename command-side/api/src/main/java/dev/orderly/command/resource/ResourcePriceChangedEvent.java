package dev.orderly.command.resource;

import dev.orderly.command.Money;
import org.axonframework.serialization.Revision;

/** @param previousPrice the price before, {@code null} for a resource registered before resources had prices */
@Revision("1")
public record ResourcePriceChangedEvent(ResourceId resourceId, Money previousPrice, Money unitPrice) {
}
