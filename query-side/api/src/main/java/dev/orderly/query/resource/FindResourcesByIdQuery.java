package dev.orderly.query.resource;

import dev.orderly.command.resource.ResourceId;

import java.util.List;

/** The resources with these ids that exist, in any order: one query for a page of links instead of one per item. */
public record FindResourcesByIdQuery(List<ResourceId> resourceIds) {
}
