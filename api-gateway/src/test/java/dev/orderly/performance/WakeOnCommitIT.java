package dev.orderly.performance;

import dev.orderly.axon.wake.AppendNotifier;
import dev.orderly.query.monitor.MonitorStatusView;
import dev.orderly.query.order.OrderView;
import dev.orderly.query.payment.PaymentView;
import dev.orderly.query.resource.ReservationView;
import dev.orderly.query.resource.ResourceView;
import dev.orderly.saga.order.OrderFulfilmentSaga;
import dev.orderly.saga.payment.PaymentProcessor;
import dev.orderly.support.SharedDatabaseNodes;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Node B runs every event processor, node A none; commands go to node A. Every poll that could otherwise find the
 * events is an hour apart on both nodes (the event store's fetch, the processors' claim attempts), so whatever node B
 * projects within the test it projected because A's commit woke it.
 * <p>
 * The methods run in order: the first ones leave work running on node B (an order goes on to be paid and shipped),
 * whose own commits would wake node B's store and hide a missing wake from a later check.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WakeOnCommitIT {

    private static final List<String> PROCESSORS = List.of(ResourceView.PROCESSING_GROUP,
            ReservationView.PROCESSING_GROUP, PaymentView.PROCESSING_GROUP, OrderView.PROCESSING_GROUP,
            PaymentProcessor.PROCESSING_GROUP, OrderFulfilmentSaga.PROCESSING_GROUP,
            MonitorStatusView.PROCESSING_GROUP);
    private static final Duration A_WHILE = Duration.ofSeconds(30);

    static SharedDatabaseNodes nodes;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void startNodeBThenNodeA() {
        nodes = new SharedDatabaseNodes();
        jdbc = new JdbcTemplate(nodes.postgres().getPostgresDatabase());
        nodeB = nodes.start("node-b", withoutPolls());
        await().atMost(A_WHILE).until(() -> jdbc.queryForObject("""
                SELECT count(*) FROM tokenentry WHERE owner = 'node-b'
                AND processorname IN ('reservation-status', 'order-views', 'OrderFulfilmentSagaProcessor')""",
                Integer.class) == 8);
        nodeA = nodes.start("node-a", withoutPolls());
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.close();
    }

    @Test
    @Order(1)
    void a_reservation_decided_on_node_a_is_projected_on_node_b_without_a_poll() {
        TestApi a = SharedDatabaseNodes.api(nodeA);
        TestApi b = SharedDatabaseNodes.api(nodeB);
        String resourceId = seenOnNodeB(a, "Woken lamp");

        String reservation = reserve(a, resourceId);

        await().atMost(A_WHILE).until(() -> !"PENDING".equals(b.get(reservation).text("status")));
        assertThat(b.get(reservation).text("status")).isEqualTo("CONFIRMED");
        assertThat(ownersOfEveryProcessor()).containsOnly("node-b");
    }

    @Test
    @Order(2)
    void a_reservation_decided_on_node_b_is_projected_there_without_a_poll() {
        TestApi b = SharedDatabaseNodes.api(nodeB);
        String resourceId = seenOnNodeB(b, "Local lamp");

        String reservation = reserve(b, resourceId);

        await().atMost(A_WHILE).until(() -> "CONFIRMED".equals(b.get(reservation).text("status")));
    }

    @Test
    @Order(3)
    void an_order_placed_on_node_a_is_taken_on_by_the_saga_on_node_b() {
        TestApi a = SharedDatabaseNodes.api(nodeA);
        TestApi b = SharedDatabaseNodes.api(nodeB);
        String resourceId = seenOnNodeB(a, "Woken chair");

        TestApi.Response placed = a.post("/api/orders", TestOrders.orderJson(resourceId, 1, "woken",
                "woken-" + UUID.randomUUID() + "@example.com", TestOrders.GOOD_CARD));

        assertThat(placed.status()).isEqualTo(202);
        // Past PENDING_RESERVATION only once the saga, which runs on node B alone, has acted on the order.
        await().atMost(A_WHILE).until(() -> Set.of("PENDING_PAYMENT", "CONFIRMED", "PICKING", "SHIPPED")
                .contains(b.get(placed.location()).text("status")));
        assertThat(ownersOfEveryProcessor()).containsOnly("node-b");
    }

    @Test
    @Order(4)
    void after_its_listening_session_is_killed_node_b_listens_again_and_catches_up() {
        TestApi a = SharedDatabaseNodes.api(nodeA);
        TestApi b = SharedDatabaseNodes.api(nodeB);
        String resourceId = seenOnNodeB(a, "Lamp after the cut");
        int killed = listenerOf("node-b").get(0);

        assertThat(jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, killed)).isTrue();
        String reservation = reserve(a, resourceId);

        await().atMost(A_WHILE).until(() -> "CONFIRMED".equals(b.get(reservation).text("status")));
        await().atMost(A_WHILE).until(() -> listenerOf("node-b").stream().anyMatch(pid -> pid != killed));
    }

    /** Registers a resource through {@code node} and waits until node B's availability projection has it. */
    private static String seenOnNodeB(TestApi node, String name) {
        String resourceId = node.registerResource(name, 3);
        TestApi b = SharedDatabaseNodes.api(nodeB);
        await().atMost(A_WHILE).until(() -> b.get("/api/resources/" + resourceId).status() == 200);
        return resourceId;
    }

    private static String reserve(TestApi node, String resourceId) {
        TestApi.Response reserved = node.post("/api/resources/" + resourceId + "/reservations",
                "{\"reservationId\":\"" + UUID.randomUUID() + "\",\"customerId\":\"customer-wake\",\"quantity\":1}");
        assertThat(reserved.status()).isEqualTo(202);
        return reserved.location();
    }

    private static List<Integer> listenerOf(String nodeId) {
        return jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE application_name = ?", Integer.class,
                AppendNotifier.applicationName(nodeId));
    }

    private static List<String> ownersOfEveryProcessor() {
        return jdbc.queryForList("SELECT DISTINCT owner FROM tokenentry", String.class);
    }

    /** An hour between the looks that would otherwise find another node's events: only a wake can be in time. */
    private static String[] withoutPolls() {
        List<String> properties = new ArrayList<>(List.of("orderly.wake.fetch-delay=1h"));
        for (String processor : PROCESSORS) {
            properties.add("axon.eventhandling.processors." + processor + ".token-claim-interval=3600000");
        }
        return properties.toArray(String[]::new);
    }
}
