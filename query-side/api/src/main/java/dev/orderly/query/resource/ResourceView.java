package dev.orderly.query.resource;

/** Availability of one resource as projected from its events; {@code free} is {@code capacity - held}. */
public record ResourceView(String resourceId, String name, int capacity, int held, int free) {
}
