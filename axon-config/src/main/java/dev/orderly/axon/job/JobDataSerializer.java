package dev.orderly.axon.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.exceptions.SerializationException;
import com.github.kagkarlsson.scheduler.serializer.JacksonSerializer;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import dev.orderly.axon.OrderlySerialization;
import org.springframework.core.ConfigurableObjectInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/**
 * How db-scheduler stores task data, chosen by the data's type. A {@link JsonJobData} record is JSON, written with
 * {@link OrderlySerialization}'s mapper (ids as plain values, unknown fields ignored so that an older node reads a
 * newer row). Everything else keeps the Java serialization the starter used before: Axon's deadline details, and the
 * {@code String} data of the job rows written before job data became JSON, which must still run after an upgrade.
 * The choice follows the type the task declares, never bytes found in the row, so a row cannot ask for Java
 * deserialization of a JSON task. And Java deserialization itself builds only what the declared type is made of
 * ({@link #onlyTheDeclaredType}): a row cannot make it construct any other class on the class path.
 */
public final class JobDataSerializer implements Serializer {

    /** Axon's deadline details nest two levels (the details, their arrays); a String row one. */
    private static final int MAX_DEPTH = 4;
    private static final int MAX_REFERENCES = 64;

    private final Serializer json;

    public JobDataSerializer() {
        this(OrderlySerialization.objectMapper());
    }

    JobDataSerializer(ObjectMapper mapper) {
        this.json = new JacksonSerializer(mapper);
    }

    @Override
    public byte[] serialize(Object data) {
        if (data == null) {
            return null;
        }
        return data instanceof JsonJobData ? json.serialize(data) : java(data);
    }

    @Override
    public <T> T deserialize(Class<T> type, byte[] data) {
        if (data == null) {
            return null;
        }
        return JsonJobData.class.isAssignableFrom(type) ? json.deserialize(type, data) : java(type, data);
    }

    private static byte[] java(Object data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(data);
        } catch (IOException e) {
            throw new SerializationException("Failed to serialize object", e);
        }
        return bytes.toByteArray();
    }

    /** As the starter's own default: classes resolve through the context class loader (Spring Boot devtools). */
    private static <T> T java(Class<T> type, byte[] data) {
        try (ObjectInputStream in = new ConfigurableObjectInputStream(new ByteArrayInputStream(data),
                Thread.currentThread().getContextClassLoader())) {
            in.setObjectInputFilter(onlyTheDeclaredType(type));
            return type.cast(in.readObject());
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new SerializationException("Failed to deserialize object", e);
        }
    }

    /**
     * What Java-serialized task data may hold: the declared type itself, strings and arrays of primitives, which is
     * all that the {@code String} rows of the release before and Axon's deadline details (names and Axon-serialized
     * {@code byte[]} or text) are made of; any other class is refused before it is loaded or constructed.
     */
    static ObjectInputFilter onlyTheDeclaredType(Class<?> type) {
        return info -> {
            if (info.depth() > MAX_DEPTH || info.references() > MAX_REFERENCES) {
                return ObjectInputFilter.Status.REJECTED;
            }
            Class<?> serialClass = info.serialClass();
            if (serialClass == null) {
                return ObjectInputFilter.Status.UNDECIDED;
            }
            boolean allowed = serialClass == type || serialClass == String.class
                    || serialClass.isArray() && serialClass.getComponentType().isPrimitive();
            return allowed ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
        };
    }
}
