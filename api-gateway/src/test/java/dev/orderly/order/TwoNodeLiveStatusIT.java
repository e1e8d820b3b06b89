package dev.orderly.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.support.SharedDatabaseNodes;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client is connected to node B, which projects no order at all (node A holds every segment of the order view);
 * the pushes still reach it, through PostgreSQL LISTEN/NOTIFY.
 */
class TwoNodeLiveStatusIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    static SharedDatabaseNodes nodes;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startTwoNodes() {
        nodes = new SharedDatabaseNodes();
        nodeA = nodes.start("node-a");
        JdbcTemplate jdbc = new JdbcTemplate(nodes.postgres().getPostgresDatabase());
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                SELECT count(*) FROM tokenentry WHERE processorname = 'order-views' AND owner = 'node-a'""",
                Integer.class) == 2);
        nodeB = nodes.start("node-b");
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.close();
    }

    @Test
    void a_client_on_the_node_that_projects_nothing_still_sees_every_change_until_shipped() throws Exception {
        TestApi a = SharedDatabaseNodes.api(nodeA);
        int portB = SharedDatabaseNodes.port(nodeB);
        String resourceId = a.registerResource("Two-node lamp", 2);
        TestApi.Response placed = a.post("/api/orders", TestOrders.orderJson(resourceId, 1, "far-away",
                "far-" + UUID.randomUUID() + "@example.com", TestOrders.GOOD_CARD));
        await().atMost(Duration.ofSeconds(30)).until(() -> a.get(placed.location()).status() == 200);

        HttpResponse<java.util.stream.Stream<String>> stream = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + portB + placed.location() + "/events"))
                        .header("Accept", "text/event-stream")
                        .header("Authorization", TestApi.basic("ops")).build(),
                HttpResponse.BodyHandlers.ofLines()).get(30, TimeUnit.SECONDS);
        List<String> statuses = stream.body().filter(line -> line.startsWith("data:"))
                .map(line -> status(line.substring(5))).toList();

        assertThat(statuses).endsWith("SHIPPED");
        assertThat(new JdbcTemplate(nodes.postgres().getPostgresDatabase()).queryForList(
                "SELECT DISTINCT owner FROM tokenentry WHERE processorname = 'order-views'", String.class))
                .containsOnly("node-a");
    }

    private static String status(String json) {
        try {
            return JSON.readTree(json).path("status").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
