package dev.orderly.command.order;

import dev.orderly.command.Money;
import dev.orderly.command.resource.ResourceId;

/** One line of an order: units of a resource at a unit price. */
public record OrderLine(ResourceId resourceId, int quantity, Money unitPrice) {
}
