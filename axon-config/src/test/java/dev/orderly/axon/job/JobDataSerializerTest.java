package dev.orderly.axon.job;

import com.github.kagkarlsson.scheduler.exceptions.SerializationException;
import com.github.kagkarlsson.scheduler.serializer.JavaSerializer;
import org.axonframework.deadline.dbscheduler.DbSchedulerBinaryDeadlineDetails;
import org.axonframework.deadline.dbscheduler.DbSchedulerHumanReadableDeadlineDetails;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobDataSerializerTest {

    record Sample(String id, long amount) implements JsonJobData {
    }

    /** A class whose deserialization does something: what a gadget chain is made of. */
    static final class Tripwire implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        static volatile boolean constructed;
        private final List<String> payload = new ArrayList<>(List.of("x"));

        @Serial
        private void readObject(ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            constructed = true;
        }
    }

    private final JobDataSerializer serializer = new JobDataSerializer();

    @BeforeEach
    void reset() {
        Tripwire.constructed = false;
    }

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

    @Test
    void a_row_of_a_string_task_holding_another_class_is_refused_before_that_class_runs_any_code() {
        byte[] gadget = new JavaSerializer().serialize(new Tripwire());

        assertThatThrownBy(() -> serializer.deserialize(String.class, gadget))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serializer.deserialize(Sample.class, gadget))
                .isInstanceOf(SerializationException.class);
        assertThat(Tripwire.constructed).isFalse();
        // The tripwire works: without the filter, reading it runs its code.
        assertThat(new JavaSerializer().deserialize(Object.class, gadget)).isInstanceOf(Tripwire.class);
        assertThat(Tripwire.constructed).isTrue();
    }

    @Test
    void a_row_of_a_deadline_task_holds_nothing_but_the_deadline_details() {
        byte[] gadget = new JavaSerializer().serialize(new Tripwire());

        assertThatThrownBy(() -> serializer.deserialize(DbSchedulerBinaryDeadlineDetails.class, gadget))
                .isInstanceOf(SerializationException.class);
        assertThat(Tripwire.constructed).isFalse();
    }

    @Test
    void axon_deadline_details_are_java_serialized_as_the_starter_did_and_read_back() {
        DbSchedulerBinaryDeadlineDetails binary = new DbSchedulerBinaryDeadlineDetails("payment-timeout",
                "{\"type\":\"OrderFulfilmentSaga\"}".getBytes(StandardCharsets.UTF_8),
                "org.axonframework.modelling.saga.SagaScopeDescriptor", null, null, null,
                "{}".getBytes(StandardCharsets.UTF_8));
        DbSchedulerHumanReadableDeadlineDetails readable = new DbSchedulerHumanReadableDeadlineDetails(
                "payment-timeout", "{\"type\":\"OrderFulfilmentSaga\"}",
                "org.axonframework.modelling.saga.SagaScopeDescriptor", "{}", "java.lang.String", null, "{}");

        byte[] stored = serializer.serialize(binary);
        assertThat(stored).isEqualTo(new JavaSerializer().serialize(binary));
        assertThat(serializer.deserialize(DbSchedulerBinaryDeadlineDetails.class, stored)).isEqualTo(binary);
        assertThat(serializer.deserialize(DbSchedulerHumanReadableDeadlineDetails.class,
                serializer.serialize(readable))).isEqualTo(readable);
    }

    /** Data of a declared type whose own reading fails. */
    static final class Exploding implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private void readObject(ObjectInputStream in) {
            throw new IllegalStateException("cannot be read");
        }
    }

    @Test
    void a_failure_while_reading_java_data_is_db_schedulers_serialization_failure() {
        assertThatThrownBy(() -> serializer.deserialize(Exploding.class,
                new JavaSerializer().serialize(new Exploding())))
                .isInstanceOf(SerializationException.class).hasRootCauseMessage("cannot be read");
        assertThatThrownBy(() -> serializer.deserialize(String.class, new byte[]{(byte) 0xAC, (byte) 0xED, 0, 5}))
                .isInstanceOf(SerializationException.class);
    }
}
