package dev.orderly.axon.job;

import com.github.kagkarlsson.scheduler.exceptions.SerializationException;
import com.github.kagkarlsson.scheduler.serializer.JavaSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobDataSerializerTest {

    record Sample(String id, long amount) implements JsonJobData {
    }

    private final JobDataSerializer serializer = new JobDataSerializer();

    @Test
    void job_data_of_our_own_is_stored_as_json_and_read_back() {
        byte[] stored = serializer.serialize(new Sample("a-1", 42));

        assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"a-1\",\"amount\":42}");
        assertThat(serializer.deserialize(Sample.class, stored)).isEqualTo(new Sample("a-1", 42));
    }

    @Test
    void data_stored_before_with_java_serialization_is_still_read() {
        byte[] old = new JavaSerializer().serialize("0b1c|effect-email|1");

        assertThat(serializer.deserialize(String.class, old)).isEqualTo("0b1c|effect-email|1");
        assertThat(serializer.serialize("text")).isEqualTo(new JavaSerializer().serialize("text"));
    }

    @Test
    void a_json_job_is_never_read_with_java_serialization_whatever_its_row_holds() {
        byte[] javaBytes = new JavaSerializer().serialize(new java.util.ArrayList<String>());

        assertThatThrownBy(() -> serializer.deserialize(Sample.class, javaBytes))
                .isInstanceOf(SerializationException.class);
    }
}
