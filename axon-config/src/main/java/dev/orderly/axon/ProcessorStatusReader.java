package dev.orderly.axon;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Reads the state of every streaming processor on this node: running, in error, and how far behind the store. */
@Component
public class ProcessorStatusReader {

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final NodeProperties node;

    ProcessorStatusReader(EventProcessingConfiguration processing, EventStore eventStore, JdbcTemplate jdbc,
                          NodeProperties node) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.node = node;
    }

    public List<ProcessorStatus> read() {
        TrackingToken headToken = eventStore.createHeadToken();
        long head = headToken == null ? -1 : headToken.position().orElse(-1);
        List<ProcessorStatus> statuses = new ArrayList<>();
        processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast)
                .sorted(Comparator.comparing(StreamingEventProcessor::getName))
                .forEach(processor -> statuses.add(status(processor, head)));
        return statuses;
    }

    private ProcessorStatus status(StreamingEventProcessor processor, long head) {
        Set<Integer> lost = segmentsClaimedElsewhere(processor.getName());
        Collection<EventTrackerStatus> segments = processor.processingStatus().values().stream()
                .filter(segment -> !lost.contains(segment.getSegment().getSegmentId())).toList();
        long position = segments.stream().mapToLong(segment -> segment.getCurrentPosition().orElse(-1)).min()
                .orElse(-1);
        String error = segments.stream().filter(EventTrackerStatus::isErrorState)
                .map(segment -> String.valueOf(segment.getError())).findFirst().orElse(null);
        long lagEvents = segments.isEmpty() ? 0 : Math.max(0, head - position);
        long deadLetters = processing.deadLetterQueue(processor.getName())
                .map(queue -> queue.amountOfSequences()).orElse(-1L);
        return new ProcessorStatus(processor.getName(), processor.isRunning(),
                error != null || lost.isEmpty() && processor.isError(),
                error, segments.size(), position, head, lagEvents, lagEvents == 0 ? 0 : ageOfEventAfter(position),
                deadLetters);
    }

    /**
     * Segments another node has claimed. A pooled processor keeps the status of a work package it aborted when its
     * claim was taken over, error and all, though it no longer works on that segment: seen after a PostgreSQL crash
     * in fault scenario 4, where a quiet node stayed DOWN with nothing left to do. The error is the new owner's to
     * report, if any; a segment this node released to retry after a failure is still reported here.
     */
    private Set<Integer> segmentsClaimedElsewhere(String processorName) {
        return Set.copyOf(jdbc.queryForList("""
                SELECT segment FROM tokenentry WHERE processorname = ? AND owner IS NOT NULL AND owner <> ?""",
                Integer.class, processorName, node.id()));
    }

    /** Seconds since the first event after {@code position} was stored: how long the oldest unprocessed one waits. */
    private long ageOfEventAfter(long position) {
        List<String> timestamps = jdbc.queryForList(
                "SELECT timestamp FROM domainevententry WHERE globalindex > ? ORDER BY globalindex LIMIT 1",
                String.class, position);
        return timestamps.isEmpty() ? 0
                : Math.max(0, Duration.between(Instant.parse(timestamps.get(0)), Instant.now()).toSeconds());
    }
}
