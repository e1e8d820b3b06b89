package dev.orderly.evolution;

import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import dev.orderly.axon.OrderlySerialization;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With Jackson, saga state in private fields without getters is not stored: it is silently gone on the next event
 * (with plain Jackson a saga with no visible field at all is stored as {@code {}}). This proves the trap is real; the
 * fulfilment saga, stored as its {@code FulfilmentState} whose fields Jackson is told to see, is proved to keep its
 * whole state, and to load what older code stored, by {@code dev.orderly.saga.order.StoredFulfilmentSagaTest}.
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
}
