package dev.orderly.query.resource;

/**
 * Availability and price of one resource as projected from its events; {@code free} is {@code capacity - held}.
 * {@code unitPrice} (minor units) and {@code currency} are {@code null} for a resource registered before resources
 * had prices, which cannot be ordered until an operator sets one.
 */
public record ResourceView(String resourceId, String name, int capacity, int held, int free, Long unitPrice,
                           String currency) {
}
