package dev.orderly.saga.job;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Instant;

/**
 * Wakes db-scheduler for a job that is due now once the transaction that scheduled it has committed. db-scheduler's
 * own immediate execution ({@code db-scheduler.immediate-execution-enabled}, off in {@code application.yml}) wakes
 * its executor as the job is scheduled, inside the still-open transaction: the executor's query cannot see the row
 * yet, and the job waited for the next poll ({@code db-scheduler.polling-interval}). Our jobs (payment calls,
 * e-mails, picklists) are scheduled by event handlers in their processor's transaction, together with the ledger row
 * that makes them happen once, so they are due exactly when that transaction commits. A rolled-back transaction
 * leaves no job and wakes nothing; a job scheduled outside a transaction wakes the executor at once.
 */
@Component
class DueJobsAfterCommit extends AbstractSchedulerListener {

    /** The scheduler is built with this listener, so it is looked up when the first job is scheduled. */
    private final ObjectProvider<Scheduler> scheduler;

    DueJobsAfterCommit(ObjectProvider<Scheduler> scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void onExecutionScheduled(TaskInstanceId job, Instant executionTime) {
        if (executionTime.isAfter(Instant.now())) {
            return;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            wake();
        } else if (TransactionSynchronizationManager.getSynchronizations().stream()
                .noneMatch(WakeOnCommit.class::isInstance)) {
            // once per transaction, however many jobs it schedules
            TransactionSynchronizationManager.registerSynchronization(new WakeOnCommit());
        }
    }

    private final class WakeOnCommit implements TransactionSynchronization {
        @Override
        public void afterCommit() {
            wake();
        }
    }

    private void wake() {
        scheduler.ifAvailable(Scheduler::triggerCheckForDueExecutions);
    }
}
