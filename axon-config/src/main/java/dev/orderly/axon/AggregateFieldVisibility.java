package dev.orderly.axon;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.databind.introspect.AnnotatedClass;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.introspect.VisibilityChecker;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.AggregateRoot;

/**
 * Makes an aggregate's snapshot its private fields, and nothing else. Aggregates have no getters (an architecture
 * rule), so Jackson's default visibility would see no property and fail, or write {@code {}} and restore an empty
 * aggregate. Every other type keeps the default rules, so no event, token or saga changes shape.
 */
final class AggregateFieldVisibility extends JacksonAnnotationIntrospector {

    @Override
    public VisibilityChecker<?> findAutoDetectVisibility(AnnotatedClass type, VisibilityChecker<?> checker) {
        VisibilityChecker<?> declared = super.findAutoDetectVisibility(type, checker);
        if (!AnnotationUtils.isAnnotationPresent(type.getRawType(), AggregateRoot.class)) {
            return declared;
        }
        return declared.withFieldVisibility(Visibility.ANY)
                .withGetterVisibility(Visibility.NONE)
                .withIsGetterVisibility(Visibility.NONE)
                .withSetterVisibility(Visibility.NONE);
    }
}
