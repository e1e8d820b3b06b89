package dev.orderly.axon;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.UUID;

/**
 * Writes an identifier record with a single {@code value} component (a UUID or a string) as that plain value, and
 * reads it back from either form.
 *
 * <p>Beyond shorter JSON, this matters for correctness: Axon stores an aggregate deadline's scope with the
 * aggregate identifier typed as {@code Object}. Written as {@code {"value": ...}}, it comes back as a map whose
 * string form matches no aggregate, and the deadline fails to find its aggregate after a restart.
 */
final class SingleValueRecordModule extends SimpleModule {

    SingleValueRecordModule() {
        super("single-value-records");
        setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                      JsonSerializer<?> serializer) {
                RecordComponent value = valueComponent(description.getBeanClass());
                return value == null ? serializer : new ValueSerializer(description.getBeanClass(), value);
            }
        });
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                RecordComponent value = valueComponent(description.getBeanClass());
                return value == null ? deserializer : new ValueDeserializer(description.getBeanClass(), value);
            }
        });
    }

    static RecordComponent valueComponent(Class<?> type) {
        if (!type.isRecord()) {
            return null;
        }
        RecordComponent[] components = type.getRecordComponents();
        boolean single = components.length == 1 && "value".equals(components[0].getName())
                && (components[0].getType() == UUID.class || components[0].getType() == String.class);
        return single ? components[0] : null;
    }

    private static final class ValueSerializer extends StdSerializer<Object> {

        private final transient RecordComponent component;

        @SuppressWarnings("unchecked")
        ValueSerializer(Class<?> type, RecordComponent component) {
            super((Class<Object>) type);
            this.component = component;
        }

        @Override
        public void serialize(Object record, JsonGenerator json, SerializerProvider provider) throws IOException {
            try {
                json.writeString(String.valueOf(component.getAccessor().invoke(record)));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IOException("cannot read " + component, e);
            }
        }
    }

    private static final class ValueDeserializer extends StdDeserializer<Object> {

        private final transient RecordComponent component;
        private final transient Constructor<?> constructor;

        ValueDeserializer(Class<?> type, RecordComponent component) {
            super(type);
            this.component = component;
            try {
                this.constructor = type.getDeclaredConstructor(component.getType());
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " has no canonical constructor", e);
            }
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            String text = node.isObject() ? node.path("value").asText(null) : node.asText(null);
            if (text == null) {
                return context.handleUnexpectedToken(handledType(), parser);
            }
            try {
                return constructor.newInstance(component.getType() == UUID.class ? UUID.fromString(text) : text);
            } catch (InstantiationException | IllegalAccessException | InvocationTargetException
                     | IllegalArgumentException e) {
                throw context.weirdStringException(text, handledType(), e.getMessage());
            }
        }
    }
}
