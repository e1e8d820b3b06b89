package dev.orderly.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.orderly.axon.OrderlySerialization;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every revision of every event is kept as a JSON sample under {@code golden/events/}. Each sample must still
 * deserialize, through the serializer the event store uses, into today's class with every field filled: a renamed
 * or retyped field breaks this test instead of silently breaking stored history.
 */
class GoldenEventJsonTest {

    private static final Serializer SERIALIZER = OrderlySerialization.jackson();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> every_stored_event_revision_still_deserializes_into_todays_class() {
        return events().stream().map(event -> DynamicTest.dynamicTest(event.getSimpleName(), () -> {
            String revision = event.getAnnotation(Revision.class).value();
            String sample = golden(event, revision);

            Object restored = SERIALIZER.deserialize(new SimpleSerializedObject<>(sample, String.class,
                    event.getName(), revision));

            assertThat(restored).isInstanceOf(event);
            for (RecordComponent component : event.getRecordComponents()) {
                assertThat(component.getAccessor().invoke(restored))
                        .as("%s.%s read from the golden sample", event.getSimpleName(), component.getName())
                        .isNotNull();
            }
            JsonNode written = JSON.readTree(SERIALIZER.serialize(restored, String.class).getData());
            assertThat(written).as("today's JSON of %s matches its revision %s sample", event.getSimpleName(),
                    revision).isEqualTo(JSON.readTree(sample));
        }));
    }

    private static List<Class<?>> events() {
        List<Class<?>> events = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.orderly.command").stream()
                .filter(type -> type.isAnnotatedWith(Revision.class))
                .<Class<?>>map(JavaClass::reflect)
                .sorted(Comparator.comparing(Class::getName))
                .toList();
        assertThat(events).isNotEmpty();
        return events;
    }

    private static String golden(Class<?> event, String revision) throws IOException {
        String path = "/golden/events/" + event.getSimpleName() + ".v" + revision + ".json";
        try (InputStream in = GoldenEventJsonTest.class.getResourceAsStream(path)) {
            assertThat(in).as("golden sample %s (add one for every new event or revision)", path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
