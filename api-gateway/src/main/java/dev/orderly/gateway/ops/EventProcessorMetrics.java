package dev.orderly.gateway.ops;

import dev.orderly.axon.ProcessorStatus;
import dev.orderly.axon.ProcessorStatusReader;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What {@code GET /api/ops/processors} shows, as gauges labelled {@code processor}: lag in events and in seconds,
 * dead letters, error state and the segments this node works on. Axon's own {@code <processor>_latency} gauges put
 * the processor in the metric name and only measure the last event handled, so a stalled processor looks fine there.
 * Reading the status costs a few queries per processor, so it is read every {@code orderly.metrics.refresh}, not per
 * scrape. Lag and segments are this node's view; across nodes take the {@code max} of lag and the {@code sum} of
 * segments. Dead letters live in the shared database and read the same on every node. (Not "ProcessorMetrics": that
 * bean name is Spring Boot's, for the CPU.)
 */
@Component
class EventProcessorMetrics {

    private static final Logger log = LoggerFactory.getLogger(EventProcessorMetrics.class);

    private final ProcessorStatusReader processors;
    private final MultiGauge lagEvents;
    private final MultiGauge lagSeconds;
    private final MultiGauge deadLetters;
    private final MultiGauge inError;
    private final MultiGauge segments;

    EventProcessorMetrics(ProcessorStatusReader processors, MeterRegistry registry) {
        this.processors = processors;
        this.lagEvents = gauge(registry, "orderly.processor.lag.events",
                "events stored but not yet handled by every segment this node works on");
        this.lagSeconds = gauge(registry, "orderly.processor.lag.seconds",
                "age of the oldest event not yet handled by every segment this node works on");
        this.deadLetters = gauge(registry, "orderly.processor.dead.letters",
                "sequences parked in the processor's dead-letter queue (processors that have one)");
        this.inError = gauge(registry, "orderly.processor.in.error",
                "1 while the processor is in error on this node (it retries and never skips)");
        this.segments = gauge(registry, "orderly.processor.segments", "segments of the processor this node works on");
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String description) {
        return MultiGauge.builder(name).description(description).register(registry);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${orderly.metrics.refresh:15s}")
    void refresh() {
        List<ProcessorStatus> statuses;
        try {
            statuses = processors.read();
        } catch (RuntimeException e) {
            log.warn("Processor gauges not refreshed: {}", e.getMessage());
            return;
        }
        lagEvents.register(rows(statuses, ProcessorStatus::lagEvents), true);
        lagSeconds.register(rows(statuses, ProcessorStatus::lagSeconds), true);
        deadLetters.register(rows(statuses.stream().filter(status -> status.deadLetters() >= 0).toList(),
                ProcessorStatus::deadLetters), true);
        inError.register(rows(statuses, status -> status.error() ? 1 : 0), true);
        segments.register(rows(statuses, ProcessorStatus::segments), true);
    }

    private static List<MultiGauge.Row<?>> rows(List<ProcessorStatus> statuses,
                                                 ToDoubleFunction<ProcessorStatus> value) {
        return statuses.stream().<MultiGauge.Row<?>>map(status -> MultiGauge.Row.of(
                Tags.of("processor", status.name()), value.applyAsDouble(status))).toList();
    }
}
