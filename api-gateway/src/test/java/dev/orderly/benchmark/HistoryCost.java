package dev.orderly.benchmark;

import dev.orderly.command.resource.CustomerId;
import dev.orderly.command.resource.ReservationId;
import dev.orderly.command.resource.ReservationReleasedEvent;
import dev.orderly.command.resource.ResourceId;
import dev.orderly.command.resource.ResourceReservedEvent;
import dev.orderly.support.TestApi;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * S6: what a decision costs as a resource's history grows. One resource per size is registered over HTTP, and its
 * stream is then filled by SQL with pairs of {@code ResourceReservedEvent} and {@code ReservationReleasedEvent}
 * (so the resource stays free), written as Axon's JDBC engine writes them: payload and metadata through the app's own
 * event serializer, its type and revision, sequence numbers after the stream's last, the global index from the
 * table's sequence, in {@code COPY} chunks small enough to stay well inside the processors' gap window. After every
 * processor has handled the fill, reservations of one unit are timed over HTTP until decided: the first one
 * (<em>cold</em>: the first load of that stream, where a cache or snapshot would be built) separately from the ones
 * after it (<em>warm</em>, the figure).
 */
final class HistoryCost {

    /** One stream size: the first decision and the ones after it; {@code undecided} says why samples are missing. */
    record Size(long events, double coldMillis, Latencies warm, String undecided) {
    }

    /**
     * Every size measured, how long the fill took and how long the processors took to handle it; if they had not
     * within the wait, the decisions were timed while they still worked.
     */
    record Result(List<Size> sizes, double fillSeconds, double catchUpSeconds, boolean caughtUp) {
    }

    /** Rows per {@code COPY}: its transaction stays short, and its gap far inside Axon's 10,000 positions. */
    private static final int CHUNK = 5_000;

    private final TestApi operator;
    private final TimedReservations reservations;
    private final DataSource database;
    private final Serializer serializer;
    private final int samples;
    private final Duration timeout;

    HistoryCost(AppNode app, DataSource database, int samples, Duration timeout) {
        this.operator = new TestApi(app.port());
        this.reservations = new TimedReservations(app.port(), database);
        this.database = database;
        this.serializer = app.bean(org.axonframework.config.Configuration.class).eventSerializer();
        this.samples = samples;
        this.timeout = timeout;
    }

    /**
     * Registers and fills one resource per size, waits (through {@code caughtUp}, false if they had not in time)
     * until the app's processors have handled every filled event, and times the decisions, smallest stream first. A size whose decision does not
     * come within the timeout ends the measurement: the app keeps retrying that command, and a larger stream would
     * only take longer.
     */
    Result measure(List<Long> sizes, BooleanSupplier caughtUp) throws Exception {
        List<String> resources = new ArrayList<>();
        long start = System.nanoTime();
        for (long size : sizes) {
            String resource = operator.registerResource("history " + size, 1_000_000);
            fill(resource, size);
            resources.add(resource);
        }
        long filled = System.nanoTime();
        boolean processorsCaughtUp = caughtUp.getAsBoolean();
        double fillSeconds = JdbcBaseline.seconds(filled - start);
        double catchUpSeconds = JdbcBaseline.seconds(System.nanoTime() - filled);
        OrderlyBenchmark.log(String.format("S6: %,d events written by SQL in %.1f s, processors %s %.1f s later",
                sizes.stream().mapToLong(Long::longValue).sum(), fillSeconds,
                processorsCaughtUp ? "at the head" : "still behind", catchUpSeconds));
        List<Size> measured = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            Size size = time(sizes.get(i), resources.get(i));
            measured.add(size);
            if (size.undecided() != null) {
                break;
            }
        }
        return new Result(measured, fillSeconds, catchUpSeconds, processorsCaughtUp);
    }

    private Size time(long events, String resource) throws SQLException {
        double cold = reservations.decide(resource, timeout);
        if (Double.isNaN(cold)) {
            return new Size(events, cold, Latencies.of(List.of()), undecided(resource));
        }
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            double millis = reservations.decide(resource, timeout);
            if (Double.isNaN(millis)) {
                return new Size(events, cold, Latencies.of(warm), undecided(resource));
            }
            warm.add(millis);
        }
        return new Size(events, cold, Latencies.of(warm), null);
    }

    /** What the outbox says about the resource's command still pending. */
    private String undecided(String resource) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT attempts, failure_detail FROM accepted_command
                     WHERE aggregate_id = ? AND status = 'PENDING' ORDER BY accepted_at LIMIT 1""")) {
            query.setString(1, resource);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? "not decided within " + timeout.toSeconds() + " s (" + row.getInt(1)
                        + " attempts, last failure: " + row.getString(2) + ")"
                        : "not decided within " + timeout.toSeconds() + " s";
            }
        }
    }

    /** Appends {@code events} events (pairs of reserved and released) to the resource's stream. */
    void fill(String resource, long events) throws SQLException, IOException {
        if (events == 0) {
            return;
        }
        ResourceId resourceId = new ResourceId(UUID.fromString(resource));
        CustomerId customer = new CustomerId("bench-history");
        String metadata = hex(serializer.serialize(MetaData.emptyInstance(), byte[].class).getData());
        SerializedType reserved = serializer.typeForClass(ResourceReservedEvent.class);
        SerializedType released = serializer.typeForClass(ReservationReleasedEvent.class);
        try (Connection connection = database.getConnection()) {
            long sequence = lastSequence(connection, resource);
            StringBuilder rows = new StringBuilder();
            ReservationId reservation = null;
            for (long i = 0; i < events; i++) {
                Object payload;
                SerializedType type;
                if (i % 2 == 0) {
                    reservation = ReservationId.random();
                    payload = new ResourceReservedEvent(resourceId, reservation, customer, 1, 1, 1_000_000, null,
                            null);
                    type = reserved;
                } else {
                    payload = new ReservationReleasedEvent(resourceId, reservation, 1, "benchmark history", null);
                    type = released;
                }
                rows.append(resource).append(',').append(++sequence).append(",Resource,")
                        .append(UUID.randomUUID()).append(',').append(metadata).append(',')
                        .append(hex(serializer.serialize(payload, byte[].class).getData())).append(',')
                        .append(type.getRevision()).append(',').append(type.getName()).append(',')
                        .append(DateTimeUtils.formatInstant(Instant.now())).append('\n');
                if ((i + 1) % CHUNK == 0 || i + 1 == events) {
                    connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                            COPY domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                                                   metadata, payload, payloadrevision, payloadtype, timestamp)
                            FROM STDIN (FORMAT csv)""", new StringReader(rows.toString()));
                    rows.setLength(0);
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE domainevententry");
            }
        }
    }

    private static long lastSequence(Connection connection, String resource) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = ?")) {
            query.setString(1, resource);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** A bytea value in PostgreSQL's hex input format, as {@code COPY}'s CSV reads it. */
    private static String hex(byte[] bytes) {
        return "\\x" + HexFormat.of().formatHex(bytes);
    }
}
