package dev.orderly.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.support.GraphQlHttp;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A customer who wants a resource for nothing reserves it and never orders. Each customer may hold at most
 * {@code orderly.reservations.max-units-per-customer} units through the API at once, on every resource together,
 * however the requests are sent; operators are exempt, and a release gives the units back.
 */
@OrderlySystemTest
@TestPropertySource(properties = {"orderly.test.database=quota", "orderly.reservations.max-units-per-customer=3"})
class HostileInputQuotaIT {

    private static final String PROBLEMS = "https://orderly.dev/problems/";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_customer_at_the_quota_is_refused_on_every_resource_and_path_until_a_release_while_operators_are_exempt() {
        TestApi ops = TestApi.as(port, "ops");
        TestApi alice = TestApi.as(port, "alice");
        String first = ops.registerResource("Quota room A", 10);
        String second = ops.registerResource("Quota room B", 10);
        String held = confirmed(alice, first, 2);
        confirmed(alice, second, 1);

        UUID beyond = UUID.randomUUID();
        TestApi.Response refused = alice.post("/api/resources/" + second + "/reservations",
                "{\"reservationId\":\"" + beyond + "\",\"quantity\":1}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.text("type")).isEqualTo(PROBLEMS + "quota-exceeded");
        assertThat(refused.body().get("held").asInt()).isEqualTo(3);
        assertThat(refused.body().get("limit").asInt()).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM accepted_command WHERE command_id = ?", Long.class,
                "reserve:" + beyond)).as("nothing accepted").isZero();
        assertThat(alice.get("/api/reservations/" + beyond).status()).isEqualTo(404);

        JsonNode viaGraphQl = GraphQlHttp.as(port, "alice").send("""
                mutation($id: UUID!) { reserve(resourceId: $id, input: {quantity: 1}) { reservation { status } } }""",
                "id", first).body();
        assertThat(viaGraphQl.at("/errors/0/extensions/type").asText()).isEqualTo(PROBLEMS + "quota-exceeded");

        // An operator acting for the customer is not held back; what he reserves for her is hers, and counts.
        String forHer = confirmed(ops, "{\"customerId\":\"alice\",\"quantity\":2}", first);
        assertThat(alice.post("/api/resources/" + first + "/reservations", "{\"quantity\":1}").status())
                .isEqualTo(409);

        released(alice, held);
        assertThat(alice.post("/api/resources/" + first + "/reservations", "{\"quantity\":1}").text("type"))
                .as("5 held, 2 released: still 3").isEqualTo(PROBLEMS + "quota-exceeded");
        released(alice, forHer);
        confirmed(alice, first, 2);
        assertThat(alice.post("/api/resources/" + second + "/reservations", "{\"quantity\":1}").text("type"))
                .isEqualTo(PROBLEMS + "quota-exceeded");
        assertThat(jdbc.queryForObject("SELECT units FROM customer_holding WHERE customer_id = 'alice'",
                Integer.class)).isEqualTo(3);
    }

    private static void released(TestApi customer, String reservation) {
        assertThat(customer.post("/api/reservations/" + reservation + "/release", "{}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(customer.get("/api/reservations/" + reservation).text("status")).isEqualTo("RELEASED"));
    }

    /**
     * The cheat that beats a check at the door: many reservations at once on many resources, all past the gateway
     * before any is decided. The {@code Resource} decides each under a lock on the customer's count, so exactly the
     * quota is granted and every other one is refused or rejected for it.
     */
    @Test
    void racing_reservations_on_many_resources_are_granted_exactly_up_to_the_quota() throws Exception {
        TestApi ops = TestApi.as(port, "ops");
        TestApi bob = TestApi.as(port, "bob");
        int attempts = 8;
        List<String> resources = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            resources.add(ops.registerResource("Race room " + i, 5));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        List<CompletableFuture<TestApi.Response>> sent = new ArrayList<>();
        try {
            for (String resource : resources) {
                sent.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return bob.post("/api/resources/" + resource + "/reservations", "{\"quantity\":1}");
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }

        List<String> outcomes = new ArrayList<>();
        for (CompletableFuture<TestApi.Response> future : sent) {
            TestApi.Response response = future.join();
            if (response.status() == 409) {
                assertThat(response.text("type")).isEqualTo(PROBLEMS + "quota-exceeded");
                outcomes.add("REFUSED");
                continue;
            }
            assertThat(response.status()).isEqualTo(202);
            String id = response.text("reservationId");
            await().atMost(Duration.ofSeconds(30)).until(() -> !"PENDING".equals(
                    bob.get("/api/reservations/" + id).text("status")));
            TestApi.Response decided = bob.get("/api/reservations/" + id);
            if ("REJECTED".equals(decided.text("status"))) {
                assertThat(decided.text("reason")).startsWith("quota-exceeded");
            }
            outcomes.add(decided.text("status"));
        }
        assertThat(outcomes).filteredOn("CONFIRMED"::equals).hasSize(3);
        assertThat(outcomes).filteredOn(outcome -> !"CONFIRMED".equals(outcome)).hasSize(attempts - 3);
        assertThat(jdbc.queryForObject("SELECT units FROM customer_holding WHERE customer_id = 'bob'",
                Integer.class)).isEqualTo(3);
    }

    private static String confirmed(TestApi customer, String resource, int quantity) {
        return confirmed(customer, "{\"quantity\":" + quantity + "}", resource);
    }

    private static String confirmed(TestApi caller, String body, String resource) {
        TestApi.Response accepted = caller.post("/api/resources/" + resource + "/reservations", body);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        String id = accepted.text("reservationId");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(caller.get("/api/reservations/" + id).text("status")).isEqualTo("CONFIRMED"));
        return id;
    }
}
