package dev.orderly.resource;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.ReservationRace;
import dev.orderly.support.TestApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@OrderlySystemTest
class ConcurrentBookingIT {

    private static final int CLIENTS = 50;
    private static final int CAPACITY = 5;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    TestApi api;

    @BeforeEach
    void client() {
        api = new TestApi(port);
    }

    @Test
    void fifty_clients_racing_for_five_units_get_exactly_five_confirmations() throws Exception {
        String resourceId = api.registerResource("Last seats", CAPACITY);

        List<TestApi.Response> answers = ReservationRace.oneUnitEach(resourceId, CLIENTS, List.of(api));

        assertThat(answers).extracting(TestApi.Response::status).containsOnly(202);
        assertThat(answers).extracting(answer -> answer.text("status")).containsOnly("PENDING");
        List<String> locations = answers.stream().map(TestApi.Response::location).toList();
        assertThat(locations).doesNotHaveDuplicates().allMatch(location -> location.startsWith("/api/reservations/"));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(locations.stream()
                .map(location -> api.get(location).text("status"))).doesNotContain("PENDING"));
        Map<String, Long> outcomes = locations.stream().map(location -> api.get(location).text("status"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(outcomes).containsOnly(Map.entry("CONFIRMED", (long) CAPACITY),
                Map.entry("REJECTED", (long) (CLIENTS - CAPACITY)));
        assertThat(locations).map(location -> api.get(location))
                .filteredOn(answer -> "REJECTED".equals(answer.text("status")))
                .allMatch(answer -> "insufficient capacity".equals(answer.text("reason")));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TestApi.Response resource = api.get("/api/resources/" + resourceId);
            assertThat(resource.body().get("held").asInt()).isEqualTo(CAPACITY);
            assertThat(resource.body().get("free").asInt()).isZero();
        });

        assertThat(heldByFoldingTheRawEvents(resourceId)).isEqualTo(CAPACITY);
        assertThat(countEvents(resourceId, "ResourceReservedEvent")).isEqualTo(CAPACITY);
        assertThat(countEvents(resourceId, "ReservationRejectedEvent")).isEqualTo(CLIENTS - CAPACITY);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            TestApi.Response monitor = api.get("/api/monitor");
            assertThat(monitor.body().get("lastPosition").asLong())
                    .isEqualTo(monitor.body().get("headPosition").asLong());
            assertThat(monitor.body().get("lag").asLong()).isZero();
        });
        TestApi.Response monitor = api.get("/api/monitor");
        assertThat(monitor.text("status")).isEqualTo("OK");
        assertThat(monitor.body().get("violationCount").asLong()).isZero();
        assertThat(monitor.body().get("eventsChecked").asLong()).isGreaterThanOrEqualTo(1 + CLIENTS);
    }

    /** Units held according to the event store itself, folded in SQL from the stored JSON payloads. */
    private int heldByFoldingTheRawEvents(String resourceId) {
        return jdbc.queryForObject("""
                SELECT coalesce(sum(CASE WHEN payloadtype LIKE '%.ResourceReservedEvent'
                                         THEN (convert_from(payload, 'UTF8')::jsonb ->> 'quantity')::int
                                         WHEN payloadtype LIKE '%.ReservationReleasedEvent'
                                         THEN -(convert_from(payload, 'UTF8')::jsonb ->> 'quantity')::int
                                         ELSE 0 END), 0)
                FROM domainevententry WHERE aggregateidentifier = ?""", Integer.class, resourceId);
    }

    private int countEvents(String resourceId, String simpleName) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? AND payloadtype LIKE ?""",
                Integer.class, resourceId, "%." + simpleName);
    }
}
