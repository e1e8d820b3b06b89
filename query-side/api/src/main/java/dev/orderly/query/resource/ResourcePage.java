package dev.orderly.query.resource;

import java.util.List;

/** A page of resources; {@code nextCursor} is {@code null} on the last page. */
public record ResourcePage(List<ResourceView> items, String nextCursor) {
}
