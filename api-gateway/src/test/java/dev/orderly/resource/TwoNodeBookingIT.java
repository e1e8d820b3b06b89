package dev.orderly.resource;

import dev.orderly.support.SharedDatabaseNodes;
import dev.orderly.support.ReservationRace;
import dev.orderly.support.TestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes share one PostgreSQL and no command bus: Axon's per-JVM aggregate lock cannot order their commands, so
 * the event store's unique (aggregate, sequence) key must. The node that loses the race retries; no client ever sees
 * the conflict, and the resource is never overbooked.
 */
class TwoNodeBookingIT {

    private static final int CLIENTS = 40;
    private static final int CAPACITY = 3;

    static SharedDatabaseNodes nodes;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startTwoNodesOnOneDatabase() {
        nodes = new SharedDatabaseNodes();
        nodeA = nodes.start("node-a");
        nodeB = nodes.start("node-b");
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.close();
    }

    @Test
    void clients_split_across_two_nodes_never_overbook_and_never_see_a_concurrency_conflict() throws Exception {
        TestApi a = SharedDatabaseNodes.api(nodeA);
        TestApi b = SharedDatabaseNodes.api(nodeB);
        String resourceId = a.registerResource("Shared last seats", CAPACITY);

        List<TestApi.Response> answers = ReservationRace.oneUnitEach(resourceId, CLIENTS, List.of(a, b));

        assertThat(answers).extracting(TestApi.Response::status).containsOnly(202);
        List<String> locations = answers.stream().map(TestApi.Response::location).toList();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(locations.stream()
                .map(location -> b.get(location).text("status"))).doesNotContain("PENDING"));
        List<String> outcomes = locations.stream().map(location -> a.get(location).text("status")).toList();
        assertThat(outcomes).filteredOn("CONFIRMED"::equals).hasSize(CAPACITY);
        assertThat(outcomes).filteredOn("REJECTED"::equals).hasSize(CLIENTS - CAPACITY);

        JdbcTemplate jdbc = new JdbcTemplate(nodes.postgres().getPostgresDatabase());
        assertThat(jdbc.queryForList("SELECT DISTINCT status FROM accepted_command", String.class))
                .containsOnly("DISPATCHED");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TestApi.Response monitor = b.get("/api/monitor");
            assertThat(monitor.body().get("lag").asLong()).isZero();
            assertThat(monitor.text("status")).isEqualTo("OK");
        });
    }
}
