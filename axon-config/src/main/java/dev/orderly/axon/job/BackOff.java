package dev.orderly.axon.job;

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
 * The one way Orderly waits before trying again, whatever it retries (a db-scheduler job, a look-up at the payment
 * provider, an accepted command's dispatch, a command that lost a race): after {@code initial * 2^(failures-1)},
 * capped at {@code max}, of which a random share of up to {@code jitter} is taken off so that what failed together
 * does not retry together. With a jitter of 0 the pause is exact.
 */
public record BackOff(Duration initial, Duration max, double jitter) {

    private static final Logger log = LoggerFactory.getLogger(BackOff.class);

    public BackOff {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("a back-off needs 0 <= initial <= max, not " + initial + ", " + max);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("the jitter is a share between 0 and 1, not " + jitter);
        }
    }

    /** An exact back-off: no share is random. */
    public static BackOff exact(Duration initial, Duration max) {
        return new BackOff(initial, max, 0);
    }

    /**
     * The pause after the {@code failures}-th failure (1 for the first); never above {@code max}, never below one
     * millisecond, and no overflow however many failures there were.
     */
    public Duration delay(int failures) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 62);
        long initialMillis = initial.toMillis();
        long capped = initialMillis > (max.toMillis() >> doublings) ? max.toMillis() : initialMillis << doublings;
        double random = jitter == 0 ? 0 : ThreadLocalRandom.current().nextDouble() * jitter;
        return Duration.ofMillis(Math.max(1, Math.round(capped * (1 - random))));
    }

    /**
     * A db-scheduler failure handler that reschedules a failed job after {@link #delay}, and after {@code maxFailures}
     * failures gives it up and says so.
     *
     * @param expected failures of this type are expected outcomes (wait and try again), logged without a stack trace
     * @param giveUp   told the job and the last failure when the job is given up
     */
    public <T> FailureHandler<T> failureHandler(int maxFailures, Class<? extends Throwable> expected,
                                                BiConsumer<TaskInstance<T>, String> giveUp) {
        return (ExecutionComplete complete, ExecutionOperations<T> operations) -> {
            int failures = complete.getExecution().consecutiveFailures + 1;
            @SuppressWarnings("unchecked")
            TaskInstance<T> job = (TaskInstance<T>) complete.getExecution().taskInstance;
            String cause = complete.getCause().map(Throwable::getMessage).orElse("unknown failure");
            if (failures >= maxFailures) {
                log.warn("Giving up job {} after {} failures: {}", job, failures, cause);
                giveUp.accept(job, cause);
                operations.stop();
                return;
            }
            Duration delay = delay(failures);
            if (complete.getCause().filter(expected::isInstance).isPresent()) {
                log.info("Job {} will run again in {}: {}", job, delay, cause);
            } else {
                log.warn("Job {} failed ({} so far), retrying in {}", job, failures, delay,
                        complete.getCause().orElse(null));
            }
            operations.reschedule(complete, Instant.now().plus(delay));
        };
    }
}
