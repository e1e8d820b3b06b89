package dev.orderly.shapes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.axon.OrderlySerialization;
import dev.orderly.command.payment.BeginPaymentAttemptCommand;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.RecordPaymentCancelledCommand;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settle window left {@code BeginPaymentAttemptCommand} and {@code RecordPaymentCancelledCommand} for
 * configuration injected into the {@code Payment} aggregate. A command written by an older version still carries it;
 * it must still be read, the field ignored, both as the command outbox reads a stored command and as Axon reads one
 * from the wire (routing through Axon Server).
 */
class RemovedCommandFieldsTest {

    private static final PaymentId PAYMENT = PaymentId.of("00000000-0000-0000-0000-000000000001");
    private static final String OLD_ATTEMPT = """
            {"paymentId":"00000000-0000-0000-0000-000000000001","settleWindow":"PT30S"}""";
    private static final String OLD_CANCELLED = """
            {"paymentId":"00000000-0000-0000-0000-000000000001","reason":"payment deadline passed",\
            "settleWindow":"PT30S"}""";

    @Test
    void the_outbox_reads_a_stored_command_that_still_carries_the_settle_window() throws Exception {
        ObjectMapper outbox = OrderlySerialization.objectMapper();

        assertThat(outbox.readValue(OLD_ATTEMPT, BeginPaymentAttemptCommand.class))
                .isEqualTo(new BeginPaymentAttemptCommand(PAYMENT));
        assertThat(outbox.readValue(OLD_CANCELLED, RecordPaymentCancelledCommand.class))
                .isEqualTo(new RecordPaymentCancelledCommand(PAYMENT, "payment deadline passed"));
    }

    @Test
    void axon_reads_a_command_from_an_older_node_that_still_carries_the_settle_window() {
        Serializer wire = OrderlySerialization.jackson();

        Object attempt = wire.deserialize(new SimpleSerializedObject<>(OLD_ATTEMPT, String.class,
                BeginPaymentAttemptCommand.class.getName(), null));
        Object cancelled = wire.deserialize(new SimpleSerializedObject<>(OLD_CANCELLED, String.class,
                RecordPaymentCancelledCommand.class.getName(), null));

        assertThat(attempt).isEqualTo(new BeginPaymentAttemptCommand(PAYMENT));
        assertThat(cancelled).isEqualTo(new RecordPaymentCancelledCommand(PAYMENT, "payment deadline passed"));
    }

    @Test
    void todays_commands_no_longer_write_the_window() throws Exception {
        String written = OrderlySerialization.objectMapper()
                .writeValueAsString(new BeginPaymentAttemptCommand(PAYMENT));

        assertThat(written).isEqualTo("{\"paymentId\":\"00000000-0000-0000-0000-000000000001\"}");
    }
}
