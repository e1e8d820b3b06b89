package dev.orderly.saga.effect;

import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The {@code effect_ledger} table: one row per decided side effect, keyed by (subject, kind, step). */
@Repository
public class EffectLedger {

    /** The logging-context key of the correlation id; the same key the gateway and Axon's handlers set. */
    static final String CORRELATION_KEY = "correlationId";

    private final JdbcTemplate jdbc;

    EffectLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a decision to act, in the caller's transaction.
     *
     * @return true when this call recorded it; false when the same effect had been decided before
     */
    public boolean decide(EffectKey key, String recipient, String payloadJson) {
        return jdbc.update("""
                INSERT INTO effect_ledger (subject_id, kind, step, recipient, payload, status, correlation_id)
                VALUES (?, ?, ?, ?, ?::jsonb, 'PENDING', ?)
                ON CONFLICT (subject_id, kind, step) DO NOTHING""",
                key.subject(), key.kind(), key.step(), recipient, payloadJson, MDC.get(CORRELATION_KEY)) == 1;
    }

    Optional<Effect> find(EffectKey key) {
        return jdbc.query("""
                SELECT recipient, payload::text, status, attempts, result FROM effect_ledger
                WHERE subject_id = ? AND kind = ? AND step = ?""",
                (rs, row) -> new Effect(key, rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5)),
                key.subject(), key.kind(), key.step()).stream().findFirst();
    }

    /**
     * Runs a job with the logging context of the chain that decided it: the correlation id stored with the effect
     * {@code key}, if any.
     */
    public void inContextOf(EffectKey key, Runnable job) {
        String correlationId = jdbc.query("""
                SELECT correlation_id FROM effect_ledger WHERE subject_id = ? AND kind = ? AND step = ?""",
                (rs, row) -> rs.getString(1), key.subject(), key.kind(), key.step())
                .stream().filter(Objects::nonNull).findFirst().orElse(null);
        if (correlationId == null) {
            job.run();
            return;
        }
        MDC.put(CORRELATION_KEY, correlationId);
        try {
            job.run();
        } finally {
            MDC.remove(CORRELATION_KEY);
        }
    }

    public void done(EffectKey key, String result) {
        jdbc.update("""
                UPDATE effect_ledger SET status = 'DONE', result = ?, done_at = now(), attempts = attempts + 1,
                       last_error = null
                WHERE subject_id = ? AND kind = ? AND step = ? AND status <> 'DONE'""",
                result, key.subject(), key.kind(), key.step());
    }

    void failed(EffectKey key, String error) {
        jdbc.update("""
                UPDATE effect_ledger SET attempts = attempts + 1, last_error = ?
                WHERE subject_id = ? AND kind = ? AND step = ?""",
                error, key.subject(), key.kind(), key.step());
    }

    public void withdraw(String subject, String kind) {
        jdbc.update("UPDATE effect_ledger SET status = 'WITHDRAWN', done_at = now() "
                + "WHERE subject_id = ? AND kind = ? AND status = 'PENDING'", subject, kind);
    }

    public void givenUp(EffectKey key, String error) {
        jdbc.update("""
                UPDATE effect_ledger SET status = 'GIVEN_UP', last_error = ?
                WHERE subject_id = ? AND kind = ? AND step = ? AND status = 'PENDING'""",
                error, key.subject(), key.kind(), key.step());
    }

    /** Every effect of one subject and kind, e.g. each recipient of a notice. */
    public List<Row> ofSubject(String subject, String kind) {
        return jdbc.query("""
                SELECT step, status, attempts, last_error, done_at FROM effect_ledger
                WHERE subject_id = ? AND kind = ? ORDER BY step""",
                (rs, row) -> new Row(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()), subject, kind);
    }

    public record Row(String step, String status, int attempts, String lastError, Instant doneAt) {
    }

    record Effect(EffectKey key, String recipient, String payload, String status, int attempts, String result) {
        boolean pending() {
            return "PENDING".equals(status);
        }

        boolean done() {
            return "DONE".equals(status);
        }
    }
}
