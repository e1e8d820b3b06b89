package dev.orderly.projection.badexample;

import dev.orderly.domain.resource.Resource;

/**
 * Deliberately wrong: it lives in a projection package and reaches into an aggregate.
 * {@code ArchitectureTest} proves the boundary rule rejects it.
 */
public class ProjectionThatCallsAnAggregate {

    public String peek(Resource resource) {
        return resource.toString();
    }
}
