package dev.orderly.axon.aggregate;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.RejectedExecutionException;

/**
 * Axon's Spring snapshotter on an executor of its own with a bounded queue. By default Axon takes a snapshot on a
 * direct executor: in the committing thread, after the commit but before the unit of work's cleanup releases the
 * aggregate's lock, so the command that crossed the threshold, and every command queued behind it on that
 * aggregate, waits for the whole history to be read again. Here the committing thread only queues the work.
 *
 * <p>A snapshot is an optimisation: when the queue is full it is skipped with a warning, and the aggregate's next
 * threshold asks again. Axon itself makes sure one aggregate is not snapshotted twice at once on this node.
 */
final class BoundedSnapshotter extends SpringAggregateSnapshotter {

    private static final Logger log = LoggerFactory.getLogger(BoundedSnapshotter.class);

    BoundedSnapshotter(Builder builder) {
        super(builder);
    }

    /**
     * Queued once the unit of work has committed, where Axon would queue it too; done here so that a full queue is
     * caught and logged rather than thrown into the committed command's after-commit phase.
     */
    @Override
    public void scheduleSnapshot(Class<?> aggregateType, String aggregateIdentifier) {
        if (CurrentUnitOfWork.isStarted() && CurrentUnitOfWork.get().phase().isBefore(UnitOfWork.Phase.COMMIT)) {
            CurrentUnitOfWork.get().afterCommit(u -> queue(aggregateType, aggregateIdentifier));
        } else {
            queue(aggregateType, aggregateIdentifier);
        }
    }

    private void queue(Class<?> aggregateType, String aggregateIdentifier) {
        try {
            super.scheduleSnapshot(aggregateType, aggregateIdentifier);
        } catch (RejectedExecutionException full) {
            log.warn("Snapshot of {} {} skipped: the snapshot queue is full; its next threshold asks again",
                    aggregateType.getSimpleName(), aggregateIdentifier);
        }
    }

    @Override
    protected Runnable createSnapshotterTask(Class<?> aggregateType, String aggregateIdentifier) {
        Runnable snapshot = super.createSnapshotterTask(aggregateType, aggregateIdentifier);
        return () -> {
            long started = System.nanoTime();
            snapshot.run();
            log.debug("Snapshot of {} {} stored in {} ms", aggregateType.getSimpleName(), aggregateIdentifier,
                    (System.nanoTime() - started) / 1_000_000);
        };
    }
}
