package dev.orderly.gateway.command;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The {@code accepted_command} table. */
@Repository
class AcceptedCommands {

    private static final String COLUMNS = """
            command_id, command_type, aggregate_id, payload::text, request_hash, status, attempts, failure_code,
            failure_detail, accepted_at, correlation_id""";
    private static final RowMapper<AcceptedCommand> ROW = (rs, row) -> new AcceptedCommand(rs.getString(1),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7),
            rs.getString(8), rs.getString(9), rs.getTimestamp(10).toInstant(), rs.getString(11));

    private final JdbcTemplate jdbc;

    AcceptedCommands(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the command unless its id is taken; true when this call stored it. */
    boolean insert(String commandId, String commandType, String aggregateId, String payload, String requestHash,
                   Duration lease, String correlationId) {
        return jdbc.update("""
                INSERT INTO accepted_command (command_id, command_type, aggregate_id, payload, request_hash, status,
                                              attempts, next_attempt_at, correlation_id)
                VALUES (?, ?, ?, ?::jsonb, ?, 'PENDING', 1, now() + ?::interval, ?)
                ON CONFLICT (command_id) DO NOTHING""",
                commandId, commandType, aggregateId, payload, requestHash, interval(lease), correlationId) == 1;
    }

    Optional<AcceptedCommand> find(String commandId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM accepted_command WHERE command_id = ?", ROW, commandId)
                .stream().findFirst();
    }

    /**
     * Takes the pending commands whose lease ran out and extends their lease, so that of several nodes sweeping at
     * once only one sends each command.
     */
    List<AcceptedCommand> claimDue(int limit, Duration lease) {
        return jdbc.query("""
                UPDATE accepted_command SET attempts = attempts + 1, next_attempt_at = now() + ?::interval
                WHERE command_id IN (SELECT command_id FROM accepted_command
                                     WHERE status = 'PENDING' AND next_attempt_at <= now()
                                     ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING""" + " " + COLUMNS, ROW, interval(lease), limit);
    }

    void dispatched(String commandId) {
        jdbc.update("""
                UPDATE accepted_command SET status = 'DISPATCHED', completed_at = now()
                WHERE command_id = ? AND status = 'PENDING'""", commandId);
    }

    void failed(String commandId, String code, String detail) {
        jdbc.update("""
                UPDATE accepted_command SET status = 'FAILED', failure_code = ?, failure_detail = ?,
                       completed_at = now()
                WHERE command_id = ? AND status = 'PENDING'""", code, detail, commandId);
    }

    /** Brings a transiently failed command forward so that the next sweep retries it after {@code delay}. */
    void retryAfter(String commandId, Duration delay) {
        jdbc.update("""
                UPDATE accepted_command SET next_attempt_at = now() + ?::interval
                WHERE command_id = ? AND status = 'PENDING'""", interval(delay), commandId);
    }

    /** Leaves a claimed command to another node after {@code lease}, the claim not counted as an attempt. */
    void leaveToAnotherNode(String commandId, Duration lease) {
        jdbc.update("""
                UPDATE accepted_command SET attempts = attempts - 1, next_attempt_at = now() + ?::interval
                WHERE command_id = ? AND status = 'PENDING'""", interval(lease), commandId);
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }
}
