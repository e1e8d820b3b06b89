package dev.orderly.hostile;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The defences of the other hostile-input tests, attacked from the side: the same limits reached through a door
 * their own tests did not try (a multipart or form body, a header, a number where a string belongs, a preflight that
 * carries a password). Each test is one hole that was open, answered as its defence says.
 */
@OrderlySystemTest
class HostileInputReviewIT {

    private static final String PROBLEMS = "https://orderly.dev/problems/";
    private static final int MIB = 1024 * 1024;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_multipart_body_is_never_parsed_so_it_cannot_be_read_past_the_body_limit() throws Exception {
        // Eight parts of 512 KiB, each under Tomcat's part limit, 4 MiB in all and never finished: a server that
        // parses multipart reads all of it past the 1 MiB cap and waits for the rest, and this read times out.
        byte[] part = ("--x\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n" + "a".repeat(512 * 1024) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        RawHttp.Answer answer = RawHttp.send(port, "GET", "/api/orders", Map.of(
                "Authorization", TestApi.basic("alice"), "Content-Type", "multipart/form-data; boundary=x",
                "Transfer-Encoding", "chunked"), out -> {
                    for (int i = 0; i < 8; i++) {
                        out.write((Integer.toHexString(part.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(part);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                });

        // A GET reads no body: the parts are never looked at.
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().has("items")).isTrue();
    }

    @Test
    void a_form_body_streamed_past_the_limit_outside_the_api_is_413_not_a_500() throws Exception {
        // Spring's form filter reads PUT form bodies on every path, before Spring Security: even anonymously.
        RawHttp.Answer answer = RawHttp.send(port, "PUT", "/actuator/health", Map.of(
                "Content-Type", "application/x-www-form-urlencoded", "Transfer-Encoding", "chunked"),
                RawHttp.chunked("a=".getBytes(StandardCharsets.US_ASCII), (byte) 'a', 3L * MIB, false));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().get("type").asText()).isEqualTo(PROBLEMS + "payload-too-large");
    }

    @Test
    void a_card_number_as_correlation_id_is_replaced_and_neither_stored_nor_carried_by_the_events() {
        String resourceId = new TestApi(port).registerResource("Correlated desk", 3);
        String reservationId = UUID.randomUUID().toString();
        String card = "4242-4242-4242-4242";

        TestApi.Response reserved = TestApi.as(port, "alice").post("/api/resources/" + resourceId + "/reservations",
                "{\"reservationId\":\"" + reservationId + "\",\"quantity\":1}", "X-Correlation-Id", card);

        assertThat(reserved.status()).isEqualTo(202);
        String replaced = reserved.header("X-Correlation-Id");
        assertThat(UUID.fromString(replaced)).isNotNull();
        assertThat(jdbc.queryForObject("SELECT correlation_id FROM accepted_command WHERE command_id = ?",
                String.class, "reserve:" + reservationId)).isEqualTo(replaced);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("SELECT count(*) FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND payloadtype LIKE '%ResourceReservedEvent'", Long.class,
                resourceId) == 1);
        assertThat(jdbc.queryForList("SELECT convert_from(metadata, 'UTF8') FROM domainevententry"
                + " WHERE aggregateidentifier = ?", String.class, resourceId)).noneMatch(meta -> meta.contains(card));
    }

    @Test
    void a_card_number_written_as_a_json_number_or_with_no_break_spaces_is_refused_and_nothing_is_registered() {
        TestApi ops = new TestApi(port);
        long registered = registeredResources();
        // Jackson gives a string field a number's text as written; read as a double, these 19 digits would be
        // another number's and the check would miss them.
        for (String name : new String[] {"6011000000000000001.0", "6011000000000000001e0", "60110000000000000.01e2",
                "\"4242\u00a04242\u00a04242\u00a04242\"", "\"4242\u202f4242\u202f4242\u202f4242\""}) {
            TestApi.Response refused = ops.post("/api/resources",
                    "{\"name\":" + name + ",\"capacity\":1,\"unitPrice\":100,\"currency\":\"EUR\"}");

            assertThat(refused.status()).as(name).isEqualTo(400);
            assertThat(refused.text("type")).as(name).isEqualTo(PROBLEMS + "card-number-not-accepted");
        }
        assertThat(registeredResources()).isEqualTo(registered);
    }

    private long registeredResources() {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE"
                + " '%ResourceRegisteredEvent'", Long.class);
    }
}
