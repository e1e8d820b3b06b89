package dev.orderly.gateway.command;

import dev.orderly.support.OrderlySystemTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rows the sweep finds in {@code accepted_command} that this node cannot send, as a rolling upgrade leaves them: a
 * command of a type added by a newer release (its node stored it, answered 202, then lost the lease) is left to a
 * node that knows it, neither failed nor counted as an attempt; a row of a known type whose JSON cannot be read is
 * failed, as before, since no node could send it.
 */
@OrderlySystemTest
class StoredCommandsAcrossReleasesIT {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CommandOutboxProperties properties;

    @Test
    void a_command_of_a_type_added_by_a_newer_release_waits_for_a_node_that_knows_it() {
        double before = meters.counter("orderly.commands.unknown-type").count();
        // Already at its last attempt: were the claim counted, this sweep would be its end.
        String id = store("dev.orderly.command.order.ExpediteOrderCommand", "{\"orderId\": \"o-1\"}",
                properties.maxAttempts());

        await().untilAsserted(() -> assertThat(meters.counter("orderly.commands.unknown-type").count())
                .isGreaterThan(before));
        Map<String, Object> row = jdbc.queryForMap("SELECT status, attempts, failure_code,"
                + " next_attempt_at > now() AS left_for_later FROM accepted_command WHERE command_id = ?", id);
        assertThat(row).containsEntry("status", "PENDING").containsEntry("attempts", properties.maxAttempts())
                .containsEntry("left_for_later", true);
        assertThat(row.get("failure_code")).isNull();
        jdbc.update("DELETE FROM accepted_command WHERE command_id = ?", id);
    }

    @Test
    void a_command_of_a_known_type_whose_json_cannot_be_read_is_failed() {
        String id = store("dev.orderly.command.order.PlaceOrderCommand", "\"not a command\"", 1);

        await().untilAsserted(() -> assertThat(jdbc.queryForMap(
                "SELECT status, failure_code FROM accepted_command WHERE command_id = ?", id))
                .containsEntry("status", "FAILED").containsEntry("failure_code", "unreadable-command"));
    }

    private String store(String type, String payload, int attempts) {
        String id = "across-" + UUID.randomUUID();
        jdbc.update("""
                INSERT INTO accepted_command (command_id, command_type, aggregate_id, payload, request_hash, status,
                                              attempts, next_attempt_at)
                VALUES (?, ?, ?, ?::jsonb, 'hash', 'PENDING', ?, now())""", id, type, "o-" + id, payload, attempts);
        return id;
    }
}
