package dev.orderly.command.resource;

import dev.orderly.command.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Registers a bookable resource with its capacity and the unit price every order of it pays. */
public record RegisterResourceCommand(@TargetAggregateIdentifier ResourceId resourceId, String name, int capacity,
                                      Money unitPrice) {
}
