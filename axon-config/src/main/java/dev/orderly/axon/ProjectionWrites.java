package dev.orderly.axon;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The way a projection of a dead-lettering processor writes: while {@link BatchFirstInterceptor} runs a batch in one
 * piece, statements are held back and sent when the batch's last event has been handled, each kind as one JDBC batch
 * (one round trip for all its rows), and notifications as one {@code pg_notify} per channel. Run event by event (a
 * batch that failed, a dead letter retried, any other processor) they run at once, as a plain {@link JdbcTemplate}
 * would, so a failing statement fails in its handler and the event can be parked.
 * <p>
 * Held-back statements keep their order on each table: a statement joins an earlier one of the same SQL only if no
 * statement on the same table was added in between. Statements on different tables may run in another order than
 * their events, so a projection must not make one table's write depend on another table's row of the same batch.
 * A projection that needs a statement's row count (to check that a row exists, or to notify only on a change) gets
 * it through {@code changed}, called when the statement has run; it may throw, which fails the batch, and notify,
 * nothing else. A driver that reports no count ({@code reWriteBatchedInserts}) is taken to have changed the row.
 */
public final class ProjectionWrites {

    private final JdbcTemplate jdbc;

    public ProjectionWrites(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Runs {@code sql} on {@code table} now, or with the batch. */
    public void update(String table, String sql, Object... arguments) {
        update(table, sql, arguments, changed -> { });
    }

    /** Runs {@code sql} on {@code table} now, or with the batch, and then tells {@code changed} its row count. */
    public void update(String table, String sql, Object[] arguments, IntConsumer changed) {
        BatchTransaction batch = BatchTransaction.existing();
        if (batch != null && batch.isFast()) {
            batch.writes().add(table, sql, arguments, changed);
        } else {
            changed.accept(jdbc.update(sql, arguments));
        }
    }

    /** Sends {@code payload} on {@code channel} when the transaction commits, as PostgreSQL's NOTIFY does. */
    public void notify(String channel, String payload) {
        BatchTransaction batch = BatchTransaction.existing();
        if (batch != null && batch.isFast()) {
            batch.writes().notify(channel, payload);
        } else {
            jdbc.queryForList("SELECT pg_notify(?, ?)", channel, payload);
        }
    }

    /** Sends what the current batch held back; nothing outside a batch. */
    void flush() {
        BatchTransaction batch = BatchTransaction.existing();
        if (batch != null) {
            batch.writes().flush(jdbc);
        }
    }

    /** The statements and notifications of one batch, in the order they must run. */
    static final class Buffer {

        private final List<Statements> pending = new ArrayList<>();
        private final Map<String, List<String>> notifications = new LinkedHashMap<>();
        private boolean flushing;

        void add(String table, String sql, Object[] arguments, IntConsumer changed) {
            if (flushing) {
                throw new IllegalStateException("a row count callback may notify, not write: " + sql);
            }
            Statements joined = null;
            for (int i = pending.size() - 1; i >= 0; i--) {
                Statements earlier = pending.get(i);
                if (earlier.sql.equals(sql)) {
                    joined = earlier;
                    break;
                }
                if (earlier.table.equals(table)) {
                    break;
                }
            }
            if (joined == null) {
                joined = new Statements(table, sql);
                pending.add(joined);
            }
            joined.arguments.add(arguments);
            joined.changed.add(changed);
        }

        void notify(String channel, String payload) {
            notifications.computeIfAbsent(channel, key -> new ArrayList<>()).add(payload);
        }

        void discard() {
            pending.clear();
            notifications.clear();
        }

        void flush(JdbcTemplate jdbc) {
            flushing = true;
            try {
                for (Statements statements : pending) {
                    int[] counts = jdbc.batchUpdate(statements.sql, statements.arguments);
                    for (int i = 0; i < counts.length; i++) {
                        statements.changed.get(i).accept(counts[i] < 0 ? 1 : counts[i]);
                    }
                }
                pending.clear();
                notifications.forEach((channel, payloads) -> jdbc.execute((ConnectionCallback<Void>) connection -> {
                    Array array = connection.createArrayOf("text", payloads.toArray());
                    try (PreparedStatement statement = connection.prepareStatement(
                            "SELECT pg_notify(?, payload) FROM unnest(?::text[]) AS payload")) {
                        statement.setString(1, channel);
                        statement.setArray(2, array);
                        try (ResultSet ignored = statement.executeQuery()) {
                            return null;
                        }
                    } finally {
                        array.free();
                    }
                }));
                notifications.clear();
            } finally {
                flushing = false;
            }
        }
    }

    private static final class Statements {

        final String table;
        final String sql;
        final List<Object[]> arguments = new ArrayList<>();
        final List<IntConsumer> changed = new ArrayList<>();

        Statements(String table, String sql) {
            this.table = table;
            this.sql = sql;
        }
    }
}
