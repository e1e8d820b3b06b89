package dev.orderly.query.resource;

/**
 * One page of resources in id order.
 *
 * @param after the last id of the previous page, or {@code null} for the first page
 * @param limit how many to return at most
 */
public record FindResourcesQuery(String after, int limit) {
}
