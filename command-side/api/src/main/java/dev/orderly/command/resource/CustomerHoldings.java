package dev.orderly.command.resource;

/**
 * How many units each customer holds through the API at once, on every resource together, kept outside the
 * {@code Resource} aggregates because a quota spans all of them. Reservations of orders do not count: an order holds
 * its units only until it is paid or given up, and its deadline bounds that.
 */
public interface CustomerHoldings {

    /** The units the customer holds through the API now, as the last committed decision left them. */
    int heldUnits(CustomerId customerId);

    /**
     * The units the customer holds through the API, locked until the calling command's transaction ends: every other
     * decision that would add to them, on any resource and any node, waits for this one, so that two reservations
     * racing on two resources cannot both pass the quota.
     */
    int lockHeldUnits(CustomerId customerId);
}
