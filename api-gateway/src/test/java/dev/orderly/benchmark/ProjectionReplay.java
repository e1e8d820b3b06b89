package dev.orderly.benchmark;

import dev.orderly.command.resource.ResourceCapacityChangedEvent;
import dev.orderly.command.resource.ResourceRegisteredEvent;
import dev.orderly.query.resource.ResourceView;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.awaitility.Awaitility;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * S4: a projection rebuilt from the event store. The store is filled with plain SQL, not through Axon (a million
 * commands would take the whole benchmark's time): valid rows of {@code ResourceRegisteredEvent} and
 * {@code ResourceCapacityChangedEvent} in Axon's JDBC layout and our Jackson format, interleaved over 1,000
 * resources as real traffic would be. Every other processor's token is moved to the head so that only the measured
 * projection works; it is then reset and timed until it reaches the head.
 */
final class ProjectionReplay {

    static final String PROCESSOR = ResourceView.PROCESSING_GROUP;
    static final int RESOURCES = 1_000;

    private final DataSource database;
    private final String jdbcUrl;
    private final long events;
    private long head;

    ProjectionReplay(DataSource database, String jdbcUrl, long events) {
        this.database = database;
        this.jdbcUrl = jdbcUrl;
        this.events = events;
    }

    /** Creates the schema (one start of the app) and writes the events. */
    void prepare() throws SQLException {
        AppNode.start("replay-setup", jdbcUrl, List.of()).close();
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("""
                    INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                                                  metadata, payload, payloadrevision, payloadtype, timestamp)
                    SELECT r.id, g / %1$d, 'Resource', md5('event-' || g)::uuid::text, convert_to('{}', 'UTF8'),
                           convert_to(CASE WHEN g < %1$d
                               THEN json_build_object('resourceId', r.id, 'name', 'replay ' || (g %% %1$d),
                                                      'capacity', 1)::text
                               ELSE json_build_object('resourceId', r.id, 'previousCapacity', g / %1$d,
                                                      'capacity', g / %1$d + 1)::text END, 'UTF8'),
                           '1', CASE WHEN g < %1$d THEN '%2$s' ELSE '%3$s' END,
                           to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                    FROM generate_series(0, %4$d - 1) g,
                         LATERAL (SELECT md5('resource-' || (g %% %1$d))::uuid::text AS id) r
                    ORDER BY g""".formatted(RESOURCES, ResourceRegisteredEvent.class.getName(),
                    ResourceCapacityChangedEvent.class.getName(), events));
            statement.execute("VACUUM ANALYZE domainevententry");
            try (ResultSet result = statement.executeQuery("SELECT max(globalindex) FROM domainevententry")) {
                result.next();
                head = result.getLong(1);
            }
        }
    }

    /**
     * Replays the projection in an app started with the given processor settings; returns events per second from
     * the reset until every segment has passed the head.
     */
    double replay(String name, List<String> settings) throws Exception {
        parkOtherProcessorsAtHead();
        try (AppNode app = AppNode.start(name, jdbcUrl, settings)) {
            StreamingEventProcessor processor = app.bean(EventProcessingConfiguration.class)
                    .eventProcessor(PROCESSOR, StreamingEventProcessor.class).orElseThrow();
            processor.shutDown();
            processor.resetTokens();
            long start = System.nanoTime();
            processor.start();
            Awaitility.await("replay at the head").atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (processor.isError()) {
                            throw new IllegalStateException("replay failed: " + processor.processingStatus());
                        }
                        return reachedHead(processor.processingStatus().values());
                    });
            double rate = events / JdbcBaseline.seconds(System.nanoTime() - start);
            checkProjection();
            return rate;
        }
    }

    private boolean reachedHead(Collection<EventTrackerStatus> segments) {
        // Not isReplaying(): a replay token only turns back into a plain one on an event past the reset point.
        return !segments.isEmpty() && segments.stream()
                .allMatch(segment -> segment.getCurrentPosition().orElse(-1) >= head);
    }

    /** The rebuilt projection must hold every resource with its last capacity, or the rate means nothing. */
    private void checkProjection() throws SQLException {
        long perResource = events / RESOURCES;
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*), min(capacity), max(capacity) FROM resource_availability");
             ResultSet result = query.executeQuery()) {
            result.next();
            if (result.getLong(1) != RESOURCES || result.getLong(2) != perResource
                    || result.getLong(3) != perResource) {
                throw new IllegalStateException("projection after replay: " + result.getLong(1) + " rows, capacity "
                        + result.getLong(2) + ".." + result.getLong(3) + ", expected " + RESOURCES + " rows of "
                        + perResource);
            }
        }
    }

    /**
     * With the app stopped: every other processor's token at the head, and the measured one's tokens removed, so it
     * starts with the segment count of the settings under test.
     */
    private void parkOtherProcessorsAtHead() throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement park = connection.prepareStatement("""
                     UPDATE tokenentry SET token = convert_to(?, 'UTF8'), tokentype = ?, owner = NULL
                     WHERE processorname <> ?""");
             PreparedStatement remove = connection.prepareStatement(
                     "DELETE FROM tokenentry WHERE processorname = ?")) {
            park.setString(1, "{\"index\":" + head + ",\"gaps\":[]}");
            park.setString(2, GapAwareTrackingToken.class.getName());
            park.setString(3, PROCESSOR);
            park.executeUpdate();
            remove.setString(1, PROCESSOR);
            remove.executeUpdate();
        }
    }
}
