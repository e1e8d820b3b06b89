package dev.orderly.saga;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;

/**
 * How a failed job is tried again: after {@code initial * 2^(failures-1)}, capped at {@code max}, of which a random
 * share ({@code jitter}) is taken off so that jobs that failed together do not retry together. After
 * {@code maxFailures} it gives up and says so.
 */
public record BackOff(Duration initial, Duration max, double jitter) {

    private static final Logger log = LoggerFactory.getLogger(BackOff.class);

    public Duration delay(int failures) {
        long capped = Math.min(max.toMillis(), initial.toMillis() * (1L << Math.min(failures - 1, 20)));
        double random = ThreadLocalRandom.current().nextDouble() * jitter;
        return Duration.ofMillis(Math.max(1, Math.round(capped * (1 - random))));
    }

    /**
     * @param expected failures of this type are expected outcomes (wait and try again), logged without a stack trace
     * @param giveUp   told the job and the last failure when the job is given up
     */
    public FailureHandler<String> failureHandler(int maxFailures, Class<? extends Throwable> expected,
                                                 BiConsumer<TaskInstance<String>, String> giveUp) {
        return (ExecutionComplete complete, ExecutionOperations<String> operations) -> {
            int failures = complete.getExecution().consecutiveFailures + 1;
            @SuppressWarnings("unchecked")
            TaskInstance<String> job = (TaskInstance<String>) complete.getExecution().taskInstance;
            String cause = complete.getCause().map(Throwable::getMessage).orElse("unknown failure");
            if (failures >= maxFailures) {
                log.warn("Giving up job {} after {} failures: {}", complete.getExecution().taskInstance, failures,
                        cause);
                giveUp.accept(job, cause);
                operations.stop();
                return;
            }
            Duration delay = delay(failures);
            if (complete.getCause().filter(expected::isInstance).isPresent()) {
                log.info("Job {} will run again in {}: {}", complete.getExecution().taskInstance, delay, cause);
            } else {
                log.warn("Job {} failed ({} so far), retrying in {}", complete.getExecution().taskInstance,
                        failures, delay, complete.getCause().orElse(null));
            }
            operations.reschedule(complete, Instant.now().plus(delay));
        };
    }
}
