package dev.orderly.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.axon.OrderlySerialization;
import dev.orderly.command.resource.ReservationRejectedEvent;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.gateway.evolution.EventUpcasters;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event revision older than today's is kept as a golden sample, and is read through the same upcasters the
 * event store applies: it must come out as today's class, every field it had kept as it was and every field added
 * since read as {@code null}.
 */
class UpcasterGoldenJsonTest {

    private static final Serializer SERIALIZER = OrderlySerialization.jackson();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> every_older_revision_is_upcast_into_todays_class() {
        return List.<Class<?>>of(ResourceRegisteredEvent.class, ResourceReservedEvent.class,
                ReservationRejectedEvent.class, ReservationReleasedEvent.class).stream()
                .map(event -> DynamicTest.dynamicTest(event.getSimpleName() + " v1", () -> {
                    assertThat(event.getAnnotation(Revision.class).value()).isEqualTo("2");
                    String sample = golden(event.getSimpleName() + ".v1.json");
                    JsonNode old = JSON.readTree(sample);

                    Object restored = upcastAndRead(event, "1", sample);

                    assertThat(restored).isInstanceOf(event);
                    for (RecordComponent component : event.getRecordComponents()) {
                        Object value = component.getAccessor().invoke(restored);
                        if (old.has(component.getName())) {
                            JsonNode kept = JSON.readTree(SERIALIZER.serialize(value, String.class).getData());
                            assertThat(kept).as("%s.%s kept", event.getSimpleName(), component.getName())
                                    .isEqualTo(old.get(component.getName()));
                        } else {
                            assertThat(value).as("%s.%s added in revision 2", event.getSimpleName(),
                                    component.getName()).isNull();
                        }
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> todays_revision_passes_the_upcasters_unchanged() {
        return Stream.of("ResourceRegisteredEvent", "ResourceReservedEvent").map(name ->
                DynamicTest.dynamicTest(name + " v2", () -> {
                    Class<?> event = Class.forName("dev.orderly.command.resource." + name);
                    String sample = golden(name + ".v2.json");
                    Object restored = upcastAndRead(event, "2", sample);
                    assertThat(JSON.readTree(SERIALIZER.serialize(restored, String.class).getData()))
                            .isEqualTo(JSON.readTree(sample));
                }));
    }

    private static Object upcastAndRead(Class<?> event, String revision, String sample) {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("Resource",
                "6f1c2a5e-9d0b-4c1e-8a7f-3b2d1e0f4a5b", 0, "e1", java.time.Instant.EPOCH.toString(),
                event.getName(), revision, sample.getBytes(StandardCharsets.UTF_8),
                "{}".getBytes(StandardCharsets.UTF_8));
        Iterator<IntermediateEventRepresentation> upcast = new EventUpcasterChain(EventUpcasters.all())
                .upcast(Stream.of(new InitialEventRepresentation(entry, SERIALIZER))).iterator();
        IntermediateEventRepresentation result = upcast.next();
        assertThat(upcast.hasNext()).isFalse();
        assertThat(result.getType().getRevision()).isEqualTo(event.getAnnotation(Revision.class).value());
        return SERIALIZER.deserialize(result.getData());
    }

    private static String golden(String file) throws IOException {
        try (InputStream in = UpcasterGoldenJsonTest.class.getResourceAsStream("/golden/events/" + file)) {
            assertThat(in).as("golden sample %s", file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
