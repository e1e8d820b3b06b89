package dev.orderly.axon;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.Serializers;
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
 *
 * <p>The same value is the key when such a record keys a map (an aggregate's state in a snapshot does that): Jackson
 * would write the record's {@code toString()} and find no way to read it back.
 */
final class SingleValueRecordModule extends SimpleModule {

    SingleValueRecordModule() {
        super("single-value-records");
        setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                      JsonSerializer<?> serializer) {
                RecordComponent value = valueComponent(description.getBeanClass());
                return value == null ? serializer : new ValueSerializer(description.getBeanClass(), value, false);
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

    @Override
    public void setupModule(SetupContext context) {
        super.setupModule(context);
        context.addKeySerializers(new Serializers.Base() {
            @Override
            public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type,
                                                    BeanDescription description) {
                RecordComponent value = valueComponent(type.getRawClass());
                return value == null ? null : new ValueSerializer(type.getRawClass(), value, true);
            }
        });
        context.addKeyDeserializers((type, config, description) -> {
            RecordComponent value = valueComponent(type.getRawClass());
            return value == null ? null : new ValueKeyDeserializer(type.getRawClass(), value);
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

    /** Writes the value as a JSON string, or as a field name when the record keys a map. */
    private static final class ValueSerializer extends StdSerializer<Object> {

        private final transient RecordComponent component;
        private final boolean key;

        @SuppressWarnings("unchecked")
        ValueSerializer(Class<?> type, RecordComponent component, boolean key) {
            super((Class<Object>) type);
            this.component = component;
            this.key = key;
        }

        @Override
        public void serialize(Object record, JsonGenerator json, SerializerProvider provider) throws IOException {
            if (key) {
                json.writeFieldName(text(component, record));
            } else {
                json.writeString(text(component, record));
            }
        }
    }

    private static String text(RecordComponent component, Object record) throws IOException {
        try {
            return String.valueOf(component.getAccessor().invoke(record));
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IOException("cannot read " + component, e);
        }
    }

    private static Constructor<?> canonicalConstructor(Class<?> type, RecordComponent component) {
        try {
            return type.getDeclaredConstructor(component.getType());
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type + " has no canonical constructor", e);
        }
    }

    /** The record holding {@code text}; Jackson reports a text that is no valid value as a weird string. */
    private static Object create(Constructor<?> constructor, RecordComponent component, String text,
                                 DeserializationContext context) throws IOException {
        try {
            return constructor.newInstance(component.getType() == UUID.class ? UUID.fromString(text) : text);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException
                 | IllegalArgumentException e) {
            throw context.weirdStringException(text, constructor.getDeclaringClass(), e.getMessage());
        }
    }

    private static final class ValueDeserializer extends StdDeserializer<Object> {

        private final transient RecordComponent component;
        private final transient Constructor<?> constructor;

        ValueDeserializer(Class<?> type, RecordComponent component) {
            super(type);
            this.component = component;
            this.constructor = canonicalConstructor(type, component);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            String text = node.isObject() ? node.path("value").asText(null) : node.asText(null);
            if (text == null) {
                return context.handleUnexpectedToken(handledType(), parser);
            }
            return create(constructor, component, text, context);
        }
    }

    private static final class ValueKeyDeserializer extends KeyDeserializer {

        private final RecordComponent component;
        private final Constructor<?> constructor;

        ValueKeyDeserializer(Class<?> type, RecordComponent component) {
            this.component = component;
            this.constructor = canonicalConstructor(type, component);
        }

        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            return create(constructor, component, key, context);
        }
    }
}
