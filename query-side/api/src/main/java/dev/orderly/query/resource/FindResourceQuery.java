package dev.orderly.query.resource;

import dev.orderly.command.resource.ResourceId;

public record FindResourceQuery(ResourceId resourceId) {
}
