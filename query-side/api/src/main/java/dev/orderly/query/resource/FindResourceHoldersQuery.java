package dev.orderly.query.resource;

import dev.orderly.command.resource.ResourceId;

/** The confirmed reservations currently holding units of a resource. */
public record FindResourceHoldersQuery(ResourceId resourceId) {
}
