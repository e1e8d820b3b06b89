package dev.orderly.monitor;

import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A faulty writer appends events straight to the event store, past the aggregate that would have refused them. The
 * monitor, which folds the store itself, must report every broken invariant. It runs on a database of its own so
 * that its violations do not leak into tests that expect none.
 */
@OrderlySystemTest
@TestPropertySource(properties = "orderly.test.database=monitor")
class InvariantMonitorIT {

    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    TransactionManager transactionManager;
    @LocalServerPort
    int port;

    @Test
    void reports_an_overbooking_written_past_the_aggregate() {
        ResourceId resource = ResourceId.random();
        ReservationId first = ReservationId.random();
        ReservationId second = ReservationId.random();
        ReservationId neverHeld = ReservationId.random();
        CustomerId customer = new CustomerId("mallory");

        appendAsAFaultyWriter(resource,
                new ResourceRegisteredEvent(resource, "Single room", 1),
                new ResourceReservedEvent(resource, first, customer, 1, 1, 1),
                new ResourceReservedEvent(resource, second, customer, 1, 2, 1),
                new ResourceReservedEvent(resource, first, customer, 1, 3, 1),
                new ReservationReleasedEvent(resource, neverHeld, 1, "faulty"));

        TestApi api = new TestApi(port);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TestApi.Response monitor = api.get("/api/monitor");
            assertThat(monitor.body().get("lag").asLong()).isZero();
            assertThat(monitor.body().get("violationCount").asLong()).isEqualTo(3);
        });
        TestApi.Response monitor = api.get("/api/monitor");
        assertThat(monitor.text("status")).isEqualTo("VIOLATED");
        assertThat(monitor.body().get("violations").findValuesAsText("invariant")).containsExactlyInAnyOrder(
                "no-overbooking", "reservation-decided-once", "release-only-held-reservations");
        assertThat(monitor.body().get("violations").findValuesAsText("aggregateId")).containsOnly(resource.toString());
        assertThat(monitor.body().get("violations").findValuesAsText("detail"))
                .contains("held 2 exceeds capacity 1");
    }

    private void appendAsAFaultyWriter(ResourceId resource, Object... payloads) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int sequence = 0; sequence < payloads.length; sequence++) {
            events.add(new GenericDomainEventMessage<>("Resource", resource.toString(), sequence,
                    payloads[sequence]));
        }
        transactionManager.executeInTransaction(() -> storageEngine.appendEvents(events));
    }
}
