package dev.orderly.command.resource;

import dev.orderly.command.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sets the unit price of later reservations; units already held keep the price they were granted at. */
public record ChangePriceCommand(@TargetAggregateIdentifier ResourceId resourceId, Money unitPrice) {
}
