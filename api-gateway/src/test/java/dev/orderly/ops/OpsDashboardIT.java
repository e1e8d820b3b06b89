package dev.orderly.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.command.Money;
import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.query.monitor.MonitorStatusView;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.resource.ResourceView;
import dev.orderly.saga.order.OrderFulfilmentSaga;
import dev.orderly.saga.payment.PaymentProcessor;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dashboards, dead letters, processor health, metrics and the API description, as an operator uses them. Shares
 * the monitor test's database, because its poison event is also an overbooking.
 */
@OrderlySystemTest
@TestPropertySource(properties = "orderly.test.database=monitor")
class OpsDashboardIT {

    @LocalServerPort
    int port;
    @Autowired
    EventStorageEngine storageEngine;
    @Autowired
    TransactionManager transactionManager;
    TestApi api;

    @BeforeEach
    void client() {
        api = new TestApi(port);
    }

    @Test
    void the_dashboard_and_the_business_metrics_show_orders_revenue_utilisation_and_processors() {
        String resourceId = api.registerResource("Dashboard desk", 4);
        TestApi.Response placed = api.post("/api/orders", TestOrders.orderJson(resourceId, 1, "dash",
                "dash-" + UUID.randomUUID() + "@example.com", TestOrders.GOOD_CARD));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get(placed.location()).text("status")).isEqualTo("SHIPPED"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode dashboard = api.get("/api/ops/dashboard?windowMinutes=10").body();
            assertThat(dashboard.at("/readModels/ordersPerStatus/SHIPPED").asLong()).isPositive();
            assertThat(dashboard.at("/readModels/throughput")).hasSize(10);
            assertThat(dashboard.at("/readModels/throughput").findValues("orders").stream()
                    .mapToLong(JsonNode::asLong).sum()).isPositive();
            assertThat(dashboard.at("/readModels/revenue").findValuesAsText("currency")).contains("EUR");
            assertThat(dashboard.at("/readModels/utilisation").findValuesAsText("resourceId")).contains(resourceId);
            assertThat(dashboard.at("/processors").findValuesAsText("name")).contains(OrderView.PROCESSING_GROUP,
                    PaymentProcessor.PROCESSING_GROUP, MonitorStatusView.PROCESSING_GROUP,
                    OrderFulfilmentSaga.PROCESSING_GROUP);
            assertThat(dashboard.at("/processors").findValues("running")).allMatch(JsonNode::asBoolean);
            assertThat(dashboard.at("/monitor/eventsChecked").asLong()).isPositive();
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.getText("/actuator/prometheus").lines().filter(line -> line.startsWith("orderly_")))
                .anyMatch(line -> line.startsWith("orderly_orders{") && line.contains("SHIPPED"))
                .anyMatch(line -> line.startsWith("orderly_payments{") && line.contains("CAPTURED"))
                .anyMatch(line -> line.startsWith("orderly_intake_accepting") && line.endsWith(" 1.0"))
                .anyMatch(line -> line.startsWith("orderly_saga_fulfilments_total{") && line.contains("shipped"))
                .anyMatch(line -> line.startsWith("orderly_payment_outcomes_total{") && line.contains("captured")));
    }

    @Test
    void a_poison_event_is_parked_shown_retried_and_evicted_while_the_projection_goes_on() {
        ResourceId unregistered = ResourceId.random();
        transactionManager.executeInTransaction(() -> storageEngine.appendEvents(new GenericDomainEventMessage<>(
                "Resource", unregistered.toString(), 0, new ResourceReservedEvent(unregistered, ReservationId.random(),
                new CustomerId("poison"), 1, 1, 1, null, null))));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/ops/dead-letters").body().path(ResourceView.PROCESSING_GROUP).findValuesAsText("cause"))
                .anyMatch(cause -> cause.contains("never registered")));
        assertThat(api.get("/actuator/health").body()
                .at("/components/processors/details/resource-availability/deadLetters").asLong()).isPositive();
        String healthy = api.registerResource("Still projected", 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/api/resources/" + healthy).status()).isEqualTo(200));

        JsonNode retried = api.post("/api/ops/dead-letters/resource-availability/retry", "{}").body();
        assertThat(retried.get("sequencesProcessed").asInt()).isZero();
        assertThat(retried.get("remaining").asLong()).isPositive();
        JsonNode evicted = api.post("/api/ops/dead-letters/resource-availability/evict", "{}").body();
        assertThat(evicted.get("remaining").asLong()).isZero();
        assertThat(api.post("/api/ops/dead-letters/no-such-group/retry", "{}").status()).isEqualTo(404);
    }

    @Test
    void an_event_the_database_refuses_is_parked_in_its_handler_too() {
        // Valid for the aggregate, refused by the read model's column (name VARCHAR(200)): the error is PostgreSQL's.
        ResourceId refused = ResourceId.random();
        transactionManager.executeInTransaction(() -> storageEngine.appendEvents(new GenericDomainEventMessage<>(
                "Resource", refused.toString(), 0, new ResourceRegisteredEvent(refused, "x".repeat(300), 1,
                new Money(1250, "EUR")))));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.get("/api/ops/dead-letters").body().path(ResourceView.PROCESSING_GROUP).findValuesAsText("cause"))
                .anyMatch(cause -> cause.contains("too long")));
        String healthy = api.registerResource("Projected after the refusal", 1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/api/resources/" + healthy).status()).isEqualTo(200));
        assertThat(api.get("/api/resources/" + refused).status()).isEqualTo(404);

        JsonNode evicted = api.post("/api/ops/dead-letters/resource-availability/evict", "{}").body();
        assertThat(evicted.get("remaining").asLong()).isZero();
    }

    @Test
    void metrics_and_the_api_description_are_served() {
        TestApi.Response docs = api.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body().path("paths").has("/api/orders")).isTrue();
        assertThat(docs.body().path("paths").has("/api/payments")).isTrue();
        assertThat(api.getText("/swagger-ui/index.html")).contains("swagger-ui");
        String metrics = api.getText("/actuator/prometheus");
        assertThat(metrics).contains("http_server_requests_seconds", "commandBus_successCounter_total",
                "OrderFulfilmentSagaProcessor_latency");
    }
}
