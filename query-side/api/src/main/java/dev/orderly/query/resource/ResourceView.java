package dev.orderly.query.resource;

/**
 * Availability and price of one resource as projected from its events; {@code free} is {@code capacity - held}.
 * {@code unitPrice} (minor units) and {@code currency} are {@code null} for a resource registered before resources
 * had prices, which cannot be ordered until an operator sets one.
 */
public record ResourceView(String resourceId, String name, int capacity, int held, int free, Long unitPrice,
                           String currency) {

    /**
     * The event processor that builds these views: the projection's processing group, its key under
     * {@code axon.eventhandling.processors} in {@code application.yml}, the processor a read-your-writes request
     * waits for and the name an operator replays. Here, in the contract, so that the projection and the gateway
     * share one spelling.
     */
    public static final String PROCESSING_GROUP = "resource-availability";
}
