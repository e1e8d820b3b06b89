package dev.orderly.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongPredicate;

/**
 * Global event-store positions, for read-your-writes: where an aggregate's latest event stands, and whether a
 * processor has handled everything up to a position. Segments this node works on are judged by their live progress;
 * the others by the tokens other nodes stored, so every node's progress counts.
 */
@Component
public class EventPositions {

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final ObjectMapper json = new ObjectMapper();

    EventPositions(JdbcTemplate jdbc, EventProcessingConfiguration processing) {
        this.jdbc = jdbc;
        this.processing = processing;
    }

    /**
     * The global position of the newest event of an aggregate: a command on it has written at or before this. Its
     * newest event is its highest sequence number, and the unique (aggregate, sequence) index carries the global
     * position, so this is one backward descent of that index, however long the aggregate's history.
     */
    public OptionalLong latestOf(String aggregateId) {
        return jdbc.query("""
                        SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ?
                        ORDER BY sequencenumber DESC LIMIT 1""", (rs, row) -> rs.getLong(1), aggregateId)
                .stream().mapToLong(Long::longValue).findFirst();
    }

    /**
     * The global position of the newest event in the store, or {@code -1} when it is empty: a write at a later
     * position has not happened, so no projection will ever reach it.
     */
    public long head() {
        Long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        return head == null ? -1 : head;
    }

    /**
     * True when every segment of the processor has handled the event at {@code position} (and all before it). A
     * segment in the middle of a replay, or with no progress known, has not.
     */
    public boolean processed(String processor, long position) {
        return progressOf(processor).test(position);
    }

    /**
     * The processor's progress as it stands now, read once: the test says whether it has handled a position, so one
     * read answers any number of positions.
     */
    public LongPredicate progressOf(String processor) {
        List<Map<String, Object>> segments = jdbc.queryForList(
                "SELECT segment, convert_from(token, 'UTF8') AS token, tokentype FROM tokenentry "
                        + "WHERE processorname = ?", processor);
        if (segments.isEmpty()) {
            return position -> false;
        }
        Map<Integer, EventTrackerStatus> local = processing.eventProcessor(processor, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::processingStatus).orElse(Map.of());
        List<LongPredicate> handled = segments.stream().map(segment -> segmentProgress(segment, local)).toList();
        return position -> handled.stream().allMatch(segment -> segment.test(position));
    }

    private LongPredicate segmentProgress(Map<String, Object> segment, Map<Integer, EventTrackerStatus> local) {
        EventTrackerStatus here = local.get(((Number) segment.get("segment")).intValue());
        long live = here != null && !here.isReplaying() ? here.getCurrentPosition().orElse(Long.MIN_VALUE)
                : Long.MIN_VALUE;
        Object type = segment.get("tokentype");
        Object token = segment.get("token");
        JsonNode stored = type != null && token != null && type.toString().endsWith("GapAwareTrackingToken")
                ? parse(token.toString()) : null;
        // this node works on the segment and is past the position, stored or not; else the stored token decides
        return position -> position <= live || stored != null && passed(stored, position);
    }

    private JsonNode parse(String token) {
        try {
            return json.readTree(token);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean passed(JsonNode token, long position) {
        if (token.path("index").asLong(-1) < position) {
            return false;
        }
        for (JsonNode gap : token.path("gaps")) {
            if (gap.asLong() == position) {
                return false;
            }
        }
        return true;
    }
}
