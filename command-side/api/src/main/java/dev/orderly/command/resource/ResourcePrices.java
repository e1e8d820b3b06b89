package dev.orderly.command.resource;

import dev.orderly.command.Money;

import java.util.Optional;

/**
 * The current unit price of each registered resource, written in the transaction of the command that sets it, so
 * that order intake quotes the price the {@code Resource} will grant without waiting for a read model.
 */
public interface ResourcePrices {

    /** Empty when no resource has this id; a present entry has a {@code null} price until an operator sets one. */
    Optional<Entry> find(ResourceId resourceId);

    record Entry(ResourceId resourceId, Money unitPrice) {
    }
}
