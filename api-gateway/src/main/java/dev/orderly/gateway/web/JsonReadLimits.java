package dev.orderly.gateway.web;

import com.fasterxml.jackson.core.StreamReadConstraints;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.stereotype.Component;

/**
 * Sets Jackson's stream-read constraints on the application's {@code ObjectMapper}, which reads every REST and
 * GraphQL request body (over HTTP and over the WebSocket). A document past one of them fails while it is parsed,
 * before any of it is bound; the problem handlers answer {@code 400 json-limit-exceeded}. The event store has a
 * mapper of its own and is not affected.
 */
@Component
class JsonReadLimits implements Jackson2ObjectMapperBuilderCustomizer {

    private final StreamReadConstraints constraints;

    JsonReadLimits(WebProperties properties) {
        this.constraints = StreamReadConstraints.builder()
                .maxNestingDepth(properties.json().maxNestingDepth())
                .maxStringLength(properties.json().maxStringLength())
                .maxNumberLength(properties.json().maxNumberLength())
                .maxDocumentLength(properties.maxRequestBody().toBytes())
                .build();
    }

    @Override
    public void customize(Jackson2ObjectMapperBuilder builder) {
        builder.postConfigurer(mapper -> mapper.getFactory().setStreamReadConstraints(constraints));
    }
}
