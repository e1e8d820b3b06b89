package dev.orderly.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The one JSON format of everything Axon stores: events, snapshots, sagas, tokens, dead letters, deadlines.
 * A snapshot is an aggregate's private fields, with id records as plain values, in map keys too.
 * It is deliberately not Spring MVC's {@code ObjectMapper}: a change to how the HTTP API renders JSON must never
 * change what lands in the event store. Golden-JSON tests build their serializer here too.
 */
public final class OrderlySerialization {

    private OrderlySerialization() {
    }

    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(new SingleValueRecordModule())
                // Snapshots: an aggregate is its private fields.
                .setAnnotationIntrospector(new AggregateFieldVisibility())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // A node that is one version behind must still read events that gained a field.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    public static JacksonSerializer jackson() {
        return JacksonSerializer.builder().objectMapper(objectMapper()).build();
    }
}
