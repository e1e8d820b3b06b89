package dev.orderly.gateway.ops;

import dev.orderly.axon.ProcessorStatus;
import dev.orderly.axon.ProcessorStatusReader;
import dev.orderly.gateway.security.Callers;
import dev.orderly.query.dashboard.DashboardView;
import dev.orderly.query.dashboard.FindDashboardQuery;
import dev.orderly.query.monitor.FindMonitorStatusQuery;
import dev.orderly.query.monitor.MonitorStatusView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What operators watch: orders, money, capacity, stuck sagas, processors, dead letters and the monitor; and what they
 * do about processors: retry or evict dead letters, replay a read model.
 */
@RestController
@RequestMapping("/api/ops")
@Tag(name = "Operations", description = "What operators watch and do: processors, dead letters, replays, the "
        + "manual-intervention queue, intake, notices, the monitor.")
@Validated
class DashboardController {

    private final QueryGateway queryGateway;
    private final ProcessorStatusReader processors;
    private final EventProcessingConfiguration processing;
    private final ProjectionReplay replays;
    private final Callers callers;

    DashboardController(QueryGateway queryGateway, ProcessorStatusReader processors,
                        EventProcessingConfiguration processing, ProjectionReplay replays, Callers callers) {
        this.queryGateway = queryGateway;
        this.processors = processors;
        this.processing = processing;
        this.replays = replays;
        this.callers = callers;
    }

    record Dashboard(DashboardView readModels, List<ProcessorStatus> processors, MonitorStatusView monitor) {
    }

    @GetMapping("/dashboard")
    @Operation(operationId = "getDashboard", summary = "Orders, money, capacity, stuck orders, processors, monitor")
    Dashboard dashboard(@RequestParam(defaultValue = "60") @Min(1) @Max(1440) int windowMinutes,
                        @RequestParam(defaultValue = "60") @Min(1) @Max(100_000) int stuckAfterMinutes) {
        DashboardView readModels = queryGateway.query(new FindDashboardQuery(windowMinutes, stuckAfterMinutes),
                ResponseTypes.instanceOf(DashboardView.class)).join();
        MonitorStatusView monitor = queryGateway.query(new FindMonitorStatusQuery(20),
                ResponseTypes.instanceOf(MonitorStatusView.class)).join();
        return new Dashboard(readModels, processors.read(), monitor);
    }

    @GetMapping("/processors")
    @Operation(operationId = "listProcessors", summary = "Each streaming processor: position, lag, dead letters")
    List<ProcessorStatus> processors() {
        return processors.read();
    }

    /**
     * Rebuilds a read model from the first event on, while the app keeps serving: {@code 202} once the processor is
     * reset and running again (the rebuild goes on in the background; its position shows the progress),
     * {@code 404} for no such processor, {@code 422 replay-not-allowed} for one that is not a read model,
     * {@code 409 processor-claimed} while another node holds claims on it, unless {@code takeOver=true};
     * {@code 503 busy} when the reset could not finish within the transaction timeout (nothing was reset).
     */
    @PostMapping("/processors/{name}/replay")
    @Operation(operationId = "replayProjection", summary = "Rebuild a read model from the first event")
    @ApiResponse(responseCode = "202", description = "Reset and running again; the rebuild goes on, its position "
            + "shows the progress.")
    @ApiResponse(responseCode = "409", description = "`processor-claimed`: another node holds claims on it; retry "
            + "with `takeOver=true`.")
    @ApiResponse(responseCode = "422", description = "`replay-not-allowed`: not a read model.")
    ResponseEntity<ProjectionReplay.Replayed> replay(@PathVariable String name,
                                                     @RequestParam(defaultValue = "false") boolean takeOver) {
        return ResponseEntity.accepted().body(replays.replay(name, takeOver, callers.current().name()));
    }

    record DeadLetterView(String sequence, String eventType, String cause, Instant enqueuedAt, Instant lastTouched) {
    }

    /** Dead letters per processing group, a few per sequence. */
    @GetMapping("/dead-letters")
    @Operation(operationId = "listDeadLetters", summary = "Parked events per processing group")
    Map<String, List<DeadLetterView>> deadLetters(@RequestParam(defaultValue = "50") @Min(1) @Max(1000) int limit) {
        Map<String, List<DeadLetterView>> letters = new LinkedHashMap<>();
        for (ProcessorStatus processor : processors.read()) {
            processing.deadLetterQueue(processor.name()).ifPresent(queue -> letters.put(processor.name(),
                    letters(queue, limit)));
        }
        return letters;
    }

    record Retried(String group, int sequencesProcessed, long remaining) {
    }

    /** Tries the parked sequences of a group again, after a fix; those that fail again stay parked. */
    @PostMapping("/dead-letters/{group}/retry")
    @Operation(operationId = "retryDeadLetters", summary = "Process a group's parked events again, after a fix")
    Retried retry(@PathVariable String group) {
        var processor = processing.sequencedDeadLetterProcessor(group)
                .orElseThrow(() -> dev.orderly.gateway.problem.ApiProblem.notFound("dead-letter queue " + group));
        long parked = processing.deadLetterQueue(group).map(SequencedDeadLetterQueue::amountOfSequences).orElse(0L);
        int processed = 0;
        for (long i = 0; i < parked && processor.processAny(); i++) {
            processed++;
        }
        return new Retried(group, processed, remaining(group));
    }

    /** Gives up on every parked sequence of a group. */
    @PostMapping("/dead-letters/{group}/evict")
    @Operation(operationId = "evictDeadLetters", summary = "Give up on a group's parked events")
    Retried evict(@PathVariable String group) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = processing.deadLetterQueue(group)
                .orElseThrow(() -> dev.orderly.gateway.problem.ApiProblem.notFound("dead-letter queue " + group));
        queue.clear();
        return new Retried(group, 0, remaining(group));
    }

    private long remaining(String group) {
        return processing.deadLetterQueue(group).map(SequencedDeadLetterQueue::amountOfSequences).orElse(0L);
    }

    private static List<DeadLetterView> letters(SequencedDeadLetterQueue<EventMessage<?>> queue, int limit) {
        List<DeadLetterView> letters = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                if (letters.size() >= limit) {
                    return letters;
                }
                EventMessage<?> message = letter.message();
                letters.add(new DeadLetterView(message.getIdentifier(), message.getPayloadType().getSimpleName(),
                        letter.cause().map(cause -> cause.type() + ": " + cause.message()).orElse(null),
                        letter.enqueuedAt(), letter.lastTouched()));
            }
        }
        return letters;
    }
}
