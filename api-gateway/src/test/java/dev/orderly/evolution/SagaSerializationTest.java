package dev.orderly.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import dev.orderly.axon.OrderlySerialization;
import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.OrderLine;
import dev.orderly.command.order.ShippingAddress;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.saga.order.OrderFulfilmentSaga;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With Jackson, saga state in private fields without getters is not stored: it is silently gone on the next event
 * (with plain Jackson a saga with no visible field at all is stored as {@code {}}). This proves the trap is real and
 * that the fulfilment saga, whose fields Jackson is told to see, does not fall in it.
 */
class SagaSerializationTest {

    private static final Serializer SERIALIZER = OrderlySerialization.jackson();

    @Test
    void jackson_silently_drops_saga_state_it_cannot_see() {
        assertThat(SERIALIZER.serialize(new PartlyVisibleSaga(), String.class).getData()).isEqualTo("{\"step\":3}");
        // With nothing visible at all, Orderly's serializer fails loudly instead of storing {} (FAIL_ON_EMPTY_BEANS).
        assertThatThrownBy(() -> SERIALIZER.serialize(new InvisibleSaga(), String.class))
                .hasRootCauseInstanceOf(InvalidDefinitionException.class);
    }

    /** The trap: the order id has no getter, so it is not stored, and the next event finds it null. */
    static class PartlyVisibleSaga {
        private final String orderId = "order-1";
        private final int step = 3;

        public int getStep() {
            return step;
        }
    }

    static class InvisibleSaga {
        private final String orderId = "order-1";
    }

    @Test
    void the_fulfilment_saga_keeps_its_whole_state_through_the_serializer() throws Exception {
        OrderFulfilmentSaga saga = new OrderFulfilmentSaga();
        write(saga, "orderId", OrderId.random().toString());
        write(saga, "email", "alice@example.com");
        write(saga, "lines", List.of(new OrderLine(ResourceId.random(), 2, new Money(1500, "EUR"))));
        write(saga, "total", new Money(3000, "EUR"));
        write(saga, "shipTo", new ShippingAddress("Alice", "1 Main St", "Springfield", "12345", "DE"));
        write(saga, "phase", "PAYING");
        write(saga, "paymentId", UUID.randomUUID().toString());
        write(saga, "deadlineId", "deadline-1");
        reservations(saga).put(UUID.randomUUID().toString(), lineState("RESERVED"));

        SerializedObject<String> stored = SERIALIZER.serialize(saga, String.class);
        JsonNode json = new ObjectMapper().readTree(stored.getData());
        assertThat(json.path("orderId").asText()).isNotBlank();
        assertThat(json.path("phase").asText()).isEqualTo("PAYING");
        assertThat(json.path("reservations")).hasSize(1);
        assertThat(json.path("lines").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(json.has("commandGateway")).as("infrastructure stays out of the stored state").isFalse();

        OrderFulfilmentSaga restored = SERIALIZER.deserialize(stored);
        for (String field : List.of("orderId", "email", "lines", "total", "shipTo", "phase", "paymentId",
                "deadlineId", "reservations")) {
            assertThat(read(restored, field)).as(field).isEqualTo(read(saga, field));
        }
    }

    @Test
    void a_fulfilment_saga_stored_when_its_token_was_called_card_still_pays_with_it() throws Exception {
        OrderFulfilmentSaga saga = new OrderFulfilmentSaga();
        write(saga, "orderId", OrderId.random().toString());
        write(saga, "paymentToken", "tok_5f3a9c0e1b7d4a2c8e6f0b1d");
        SerializedObject<String> today = SERIALIZER.serialize(saga, String.class);
        String before = today.getData().replace("\"paymentToken\"", "\"card\"");

        OrderFulfilmentSaga restored = SERIALIZER.deserialize(new SimpleSerializedObject<>(before, String.class,
                today.getType()));

        assertThat(before).contains("\"card\":\"tok_");
        assertThat(read(restored, "paymentToken")).isEqualTo("tok_5f3a9c0e1b7d4a2c8e6f0b1d");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> reservations(OrderFulfilmentSaga saga) throws ReflectiveOperationException {
        return (Map<String, Object>) read(saga, "reservations");
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object lineState(String name) throws ClassNotFoundException {
        Class<? extends Enum> type = (Class<? extends Enum>) Class.forName(OrderFulfilmentSaga.class.getName()
                + "$Line");
        return Enum.valueOf(type, name);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void write(Object target, String name, Object value) throws ReflectiveOperationException {
        Field field = OrderFulfilmentSaga.class.getDeclaredField(name);
        field.setAccessible(true);
        if (field.getType().isEnum()) {
            value = Enum.valueOf((Class<? extends Enum>) field.getType(), (String) value);
        }
        field.set(target, value);
    }

    private static Object read(Object target, String name) throws ReflectiveOperationException {
        Field field = OrderFulfilmentSaga.class.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }
}
