package dev.orderly.saga.effect;

import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.orderly.axon.job.BackOff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every job that carries out a ledger row becomes a db-scheduler task here, so that all of them read their data,
 * run in the logging context of the chain that decided them, retry with the one {@link BackOff} and give up the
 * same way. A row whose data cannot be read (malformed JSON, a key with a part missing) is not run, not given up
 * (its ledger row cannot be named) and never deleted: it is logged as an error on each try, counts as a failed run
 * in db-scheduler's metrics, and waits in {@code scheduled_tasks}, tried again after the longest pause, until a
 * person repairs or deletes it.
 */
@Component
public class LedgerTasks {

    private static final Logger log = LoggerFactory.getLogger(LedgerTasks.class);

    private final EffectLedger ledger;

    LedgerTasks(EffectLedger ledger) {
        this.ledger = ledger;
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
                (job, cause) -> giveUp.accept(read.apply(job), cause));
        return Tasks.oneTime(descriptor)
                .onFailure((ExecutionComplete complete, ExecutionOperations<S> operations) -> {
                    if (complete.getCause().filter(UnreadableJob.class::isInstance).isPresent()) {
                        Instant next = Instant.now().plus(retries.backOff().max());
                        log.error("Job {} cannot be run: {}; it stays in scheduled_tasks, tried again at {}",
                                complete.getExecution().taskInstance, complete.getCause().get().getMessage(), next);
                        operations.reschedule(complete, next);
                    } else {
                        backOff.onFailure(complete, operations);
                    }
                })
                .execute((instance, context) -> {
                    T job = readable(instance, read);
                    ledger.inContextOf(job.ledgerKey(), () -> work.accept(job));
                });
    }

    private static <S, T> T readable(TaskInstance<S> instance, Function<TaskInstance<S>, T> read) {
        try {
            return read.apply(instance);
        } catch (RuntimeException e) {
            throw new UnreadableJob(e);
        }
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
