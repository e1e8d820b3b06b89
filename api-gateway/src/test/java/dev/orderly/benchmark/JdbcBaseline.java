package dev.orderly.benchmark;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the PostgreSQL server does with plain JDBC and no framework: the yardstick every scenario is divided by.
 * Rows look like event rows (a unique key and a few hundred bytes of payload), in a database of their own.
 */
final class JdbcBaseline {

    /** Rows per statement of the multi-row insert. */
    static final int ROWS_PER_STATEMENT = 100;

    record Result(double singleRowCommits1, double singleRowCommits16, double multiRowRows,
                  double sequentialReadRows, long readRows) {
    }

    private final DataSource database;
    private final Duration window;
    private final long readRows;

    JdbcBaseline(DataSource database, Duration window, long readRows) {
        this.database = database;
        this.window = window;
        this.readRows = readRows;
    }

    /** Creates the scratch tables and the rows to read; not timed. */
    void prepare() throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS bench_insert (
                        id BIGSERIAL PRIMARY KEY, k VARCHAR(64) NOT NULL UNIQUE, payload BYTEA NOT NULL)""");
            statement.execute("DROP TABLE IF EXISTS bench_read");
            statement.execute("""
                    CREATE TABLE bench_read AS
                    SELECT g AS id, md5(g::text) AS k, convert_to(repeat(md5(g::text), 5), 'UTF8') AS payload
                    FROM generate_series(1, %d) g""".formatted(readRows));
            statement.execute("VACUUM ANALYZE bench_read");
        }
    }

    Result measure() throws Exception {
        double single1 = singleRowCommits(1);
        double single16 = singleRowCommits(16);
        double multi = multiRowInserts();
        sequentialRead(); // warms the cache, as the replay it is compared with reads a warm store
        double read = sequentialRead();
        return new Result(single1, single16, multi, read, readRows);
    }

    /** Single-row INSERTs, each its own transaction, from {@code threads} connections for the window. */
    private double singleRowCommits(int threads) throws Exception {
        truncate();
        byte[] payload = payload();
        return perSecond(threads, window, end -> {
            long done = 0;
            try (Connection connection = database.getConnection();
                 PreparedStatement insert = connection.prepareStatement(
                         "INSERT INTO bench_insert (k, payload) VALUES (?, ?)")) {
                connection.setAutoCommit(true);
                while (System.nanoTime() < end) {
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setBytes(2, payload);
                    insert.executeUpdate();
                    done++;
                }
            }
            return done;
        });
    }

    /** Work done until a deadline ({@code System.nanoTime()}), counted. */
    interface Worker {
        long runUntil(long endNanos) throws Exception;
    }

    /** Runs {@code worker} on {@code threads} threads for {@code window} and answers the total count per second. */
    static double perSecond(int threads, Duration window, Worker worker) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            long end = start + window.toNanos();
            List<Future<Long>> counts = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                counts.add(pool.submit(() -> worker.runUntil(end)));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return total / seconds(System.nanoTime() - start);
        } finally {
            pool.shutdownNow();
        }
    }

    /** INSERTs of {@link #ROWS_PER_STATEMENT} rows each, one transaction per statement, one connection. */
    private double multiRowInserts() throws SQLException {
        truncate();
        byte[] payload = payload();
        StringBuilder sql = new StringBuilder("INSERT INTO bench_insert (k, payload) VALUES ");
        for (int i = 0; i < ROWS_PER_STATEMENT; i++) {
            sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
        }
        long rows = 0;
        long start = System.nanoTime();
        long end = start + window.toNanos();
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql.toString())) {
            while (System.nanoTime() < end) {
                for (int i = 0; i < ROWS_PER_STATEMENT; i++) {
                    insert.setString(2 * i + 1, UUID.randomUUID().toString());
                    insert.setBytes(2 * i + 2, payload);
                }
                rows += insert.executeUpdate();
            }
        }
        return rows / seconds(System.nanoTime() - start);
    }

    /** Streams every row of the read table through a cursor (fetch size 10,000), touching each column. */
    private double sequentialRead() throws SQLException {
        long rows = 0;
        long bytes = 0;
        long start = System.nanoTime();
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.setFetchSize(10_000);
                try (ResultSet result = statement.executeQuery("SELECT id, k, payload FROM bench_read")) {
                    while (result.next()) {
                        rows += result.getLong(1) > 0 ? 1 : 0;
                        bytes += result.getString(2).length() + result.getBytes(3).length;
                    }
                }
            }
            connection.commit();
        }
        if (rows != readRows || bytes == 0) {
            throw new IllegalStateException("read " + rows + " rows, expected " + readRows);
        }
        return rows / seconds(System.nanoTime() - start);
    }

    private void truncate() throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE bench_insert");
        }
    }

    /** About the size of a serialized event with its metadata. */
    private static byte[] payload() {
        byte[] payload = new byte[300];
        ThreadLocalRandom.current().nextBytes(payload);
        return payload;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
