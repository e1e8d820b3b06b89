package dev.orderly.saga.effect;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.orderly.axon.job.BackOff;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every job that carries out a ledger row becomes a db-scheduler task here, so that all of them read their data,
 * run in the logging context of the chain that decided them, retry with the one {@link BackOff} and give up the
 * same way. A row whose data cannot be read (malformed JSON, no data, a key with a part missing) is not run, not
 * given up (its ledger row cannot be named) and never deleted: each try is logged as an error and counted
 * ({@code orderly_jobs_unreadable_total{task}}, alerted on), and the row waits in {@code scheduled_tasks}, tried
 * again after a pause that doubles from the job's longest up to an hour, until a person repairs or deletes it. Those
 * tries do not count towards the job's attempts, so a repaired row gets all of them.
 */
@Component
public class LedgerTasks {

    private static final Logger log = LoggerFactory.getLogger(LedgerTasks.class);

    /** The longest pause between two tries of a row that cannot be read. */
    static final Duration UNREADABLE_MAX_PAUSE = Duration.ofHours(1);

    private final EffectLedger ledger;
    private final JdbcTemplate jdbc;
    private final MeterRegistry registry;
    private final Set<String> legacyNames = ConcurrentHashMap.newKeySet();

    LedgerTasks(EffectLedger ledger, JdbcTemplate jdbc, MeterRegistry registry) {
        this.ledger = ledger;
        this.jdbc = jdbc;
        this.registry = registry;
    }

    /**
     * How a job retries.
     *
     * @param maxFailures failures before the job is given up
     * @param expected    failures of this type are expected (wait and try again), logged without a stack trace
     */
    public record Retries(BackOff backOff, int maxFailures, Class<? extends Throwable> expected) {
    }

    /**
     * @param read   the job's data from its row: {@link TaskInstance#getData()} for JSON data, a parser for the
     *               data of an older release
     * @param work   the job; it throws to be tried again
     * @param giveUp told the job and its last failure when the job is given up
     */
    public <S, T extends LedgerJob> OneTimeTask<S> task(TaskDescriptor<S> descriptor,
                                                       Function<TaskInstance<S>, T> read, Retries retries,
                                                       Consumer<T> work, BiConsumer<T, String> giveUp) {
        FailureHandler<S> backOff = retries.backOff().failureHandler(retries.maxFailures(), retries.expected(),
                (job, cause) -> giveUp.accept(readable(job, read), cause));
        Counter unreadable = Counter.builder("orderly.jobs.unreadable").tag("task", descriptor.getTaskName())
                .description("Tries of a job whose data cannot be read; the row waits for a person")
                .register(registry);
        return Tasks.oneTime(descriptor)
                .onFailure((ExecutionComplete complete, ExecutionOperations<S> operations) -> {
                    if (complete.getCause().filter(UnreadableJob.class::isInstance).isPresent()) {
                        unreadable.increment();
                        Instant next = complete.getTimeDone().plus(unreadablePause(
                                complete.getExecution().lastFailure, complete.getTimeDone(), retries.backOff()));
                        log.error("Job {} cannot be run: {}; it stays in scheduled_tasks, tried again at {}",
                                complete.getExecution().taskInstance, complete.getCause().get().getMessage(), next);
                        operations.reschedule(complete, next);
                        notCountedAsAnAttempt(complete);
                    } else {
                        backOff.onFailure(complete, operations);
                    }
                })
                .execute((instance, context) -> {
                    T job = readable(instance, read);
                    ledger.inContextOf(job.ledgerKey(), () -> work.accept(job));
                });
    }

    /**
     * Like {@link #task}, for a task of the release before: only read, and counted in {@code orderly_jobs_legacy}
     * ({@link LegacyJobRows}) so that an operator knows when no row of it is left.
     */
    public <S, T extends LedgerJob> OneTimeTask<S> legacyTask(TaskDescriptor<S> descriptor,
                                                             Function<TaskInstance<S>, T> read, Retries retries,
                                                             Consumer<T> work, BiConsumer<T, String> giveUp) {
        legacyNames.add(descriptor.getTaskName());
        return task(descriptor, read, retries, work, giveUp);
    }

    /** The task names of the release before that are still registered. */
    Set<String> legacyNames() {
        return Set.copyOf(legacyNames);
    }

    /** Twice the time since the try before (doubling from the job's longest pause), at most an hour. */
    static Duration unreadablePause(Instant previousFailure, Instant now, BackOff backOff) {
        Duration floor = backOff.max().compareTo(UNREADABLE_MAX_PAUSE) < 0 ? backOff.max() : UNREADABLE_MAX_PAUSE;
        if (previousFailure == null || !previousFailure.isBefore(now)) {
            return floor;
        }
        Duration doubled = Duration.between(previousFailure, now).multipliedBy(2);
        return doubled.compareTo(floor) < 0 ? floor
                : doubled.compareTo(UNREADABLE_MAX_PAUSE) > 0 ? UNREADABLE_MAX_PAUSE : doubled;
    }

    /**
     * db-scheduler counts every failed try in {@code consecutive_failures}, which the back-off gives up by; a row
     * that could not be read was never tried, so once repaired it starts from none. The row was just rescheduled by
     * this node and is not picked; nothing else writes it until it is due.
     */
    private void notCountedAsAnAttempt(ExecutionComplete complete) {
        TaskInstance<?> instance = complete.getExecution().taskInstance;
        jdbc.update("UPDATE scheduled_tasks SET consecutive_failures = 0 WHERE task_name = ? AND task_instance = ?"
                + " AND NOT picked", instance.getTaskName(), instance.getId());
    }

    private static <S, T> T readable(TaskInstance<S> instance, Function<TaskInstance<S>, T> read) {
        T job;
        try {
            job = read.apply(instance);
        } catch (RuntimeException e) {
            throw new UnreadableJob(e);
        }
        if (job == null) {
            throw new UnreadableJob(new IllegalArgumentException("the row holds no data"));
        }
        return job;
    }

    /** The data of a job that cannot be read back from its row. */
    static final class UnreadableJob extends RuntimeException {
        UnreadableJob(Throwable cause) {
            super("its data cannot be read (" + rootMessage(cause) + ")", cause);
        }

        private static String rootMessage(Throwable failure) {
            Throwable root = failure;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getClass().getSimpleName() + ": " + root.getMessage();
        }
    }
}
