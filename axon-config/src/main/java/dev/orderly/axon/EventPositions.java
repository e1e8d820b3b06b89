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

    /** The global position of the newest event of an aggregate: a command on it has written at or before this. */
    public OptionalLong latestOf(String aggregateId) {
        Long position = jdbc.queryForObject(
                "SELECT max(globalindex) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, aggregateId);
        return position == null ? OptionalLong.empty() : OptionalLong.of(position);
    }

    /**
     * True when every segment of the processor has handled the event at {@code position} (and all before it). A
     * segment in the middle of a replay, or with no progress known, has not.
     */
    public boolean processed(String processor, long position) {
        List<Map<String, Object>> segments = jdbc.queryForList(
                "SELECT segment, convert_from(token, 'UTF8') AS token, tokentype FROM tokenentry "
                        + "WHERE processorname = ?", processor);
        if (segments.isEmpty()) {
            return false;
        }
        Map<Integer, EventTrackerStatus> local = processing.eventProcessor(processor, StreamingEventProcessor.class)
                .map(StreamingEventProcessor::processingStatus).orElse(Map.of());
        for (Map<String, Object> segment : segments) {
            EventTrackerStatus here = local.get(((Number) segment.get("segment")).intValue());
            if (here != null && !here.isReplaying() && here.getCurrentPosition().orElse(-1) >= position) {
                continue; // this node works on the segment and is past the position, stored or not
            }
            Object type = segment.get("tokentype");
            Object token = segment.get("token");
            if (type == null || token == null || !type.toString().endsWith("GapAwareTrackingToken")
                    || !passed(token.toString(), position)) {
                return false;
            }
        }
        return true;
    }

    private boolean passed(String token, long position) {
        try {
            JsonNode node = json.readTree(token);
            if (node.path("index").asLong(-1) < position) {
                return false;
            }
            for (JsonNode gap : node.path("gaps")) {
                if (gap.asLong() == position) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
