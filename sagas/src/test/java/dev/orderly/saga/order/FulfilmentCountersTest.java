package dev.orderly.saga.order;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The saga's counters exist at zero on a node that has run no order yet: its order rate is 0, not absent. */
class FulfilmentCountersTest {

    @Test
    void every_counted_fulfilment_event_is_exported_at_zero_from_the_start() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new FulfilmentConfiguration().fulfilmentCounters().bindTo(registry);

        assertThat(registry.find(OrderFulfilmentSaga.FULFILMENTS_METER).counters())
                .extracting(counter -> counter.getId().getTag("event"))
                .containsExactlyInAnyOrder("started", "shipped", "rejected", "cancelled");
        assertThat(registry.find(OrderFulfilmentSaga.FULFILMENTS_METER).counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }
}
