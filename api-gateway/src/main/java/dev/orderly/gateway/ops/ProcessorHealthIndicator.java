package dev.orderly.gateway.ops;

import dev.orderly.axon.ProcessorStatus;
import dev.orderly.axon.ProcessorStatusReader;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code processors} in {@code /actuator/health}: DOWN while a processor is in error (a saga or effect processor
 * blocked on a failing event retries and never skips, so this is what an operator must see); lag and dead letters
 * are shown for every processor.
 */
@Component("processors")
class ProcessorHealthIndicator implements HealthIndicator {

    private final ProcessorStatusReader processors;

    ProcessorHealthIndicator(ProcessorStatusReader processors) {
        this.processors = processors;
    }

    @Override
    public Health health() {
        List<ProcessorStatus> statuses = processors.read();
        Map<String, Object> details = new LinkedHashMap<>();
        for (ProcessorStatus status : statuses) {
            details.put(status.name(), Map.of("running", status.running(), "error", status.error(),
                    "lagEvents", status.lagEvents(), "lagSeconds", status.lagSeconds(),
                    "deadLetters", status.deadLetters()));
        }
        boolean failing = statuses.stream().anyMatch(ProcessorStatus::error);
        return (failing ? Health.down() : Health.up()).withDetails(details).build();
    }
}
