package dev.orderly.projection.monitor;

import dev.orderly.query.monitor.MonitorStatusView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Runtime verification of the system's invariants. It runs in a streaming processor of its own with one segment, so
 * it sees every event of the store once and in commit order, and folds it into state it owns. It never reads a read
 * model: a lagging projection could hide a violation, the event store cannot.
 */
@Component
@ProcessingGroup(MonitorStatusView.PROCESSING_GROUP)
class InvariantMonitor {

    private final List<InvariantCheck> checks;
    private final Violations violations;
    private final JdbcTemplate jdbc;

    InvariantMonitor(List<InvariantCheck> checks, Violations violations, JdbcTemplate jdbc) {
        this.checks = checks;
        this.violations = violations;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(EventMessage<?> event, TrackingToken token) {
        long globalIndex = token.position().orElse(-1L);
        for (InvariantCheck check : checks) {
            check.check(event, globalIndex, violations);
        }
        progressOfThisBatch().checked(globalIndex);
    }

    /**
     * The progress of the batch being handled, written once when it commits: a row updated per event made every
     * event wait for a round trip, and its commit made it visible no earlier anyway. A batch that fails rolls back
     * with its checks, so what was counted is what was checked. Outside a unit of work it is written at once.
     */
    private Progress progressOfThisBatch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new Progress(jdbc, true);
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get();
        return batch.getOrComputeResource(Progress.class.getName(), key -> {
            Progress progress = new Progress(jdbc, false);
            batch.onPrepareCommit(committing -> progress.write());
            return progress;
        });
    }

    private static final class Progress {

        private final JdbcTemplate jdbc;
        private final boolean immediate;
        private long checked;
        private long lastGlobalIndex = -1;

        Progress(JdbcTemplate jdbc, boolean immediate) {
            this.jdbc = jdbc;
            this.immediate = immediate;
        }

        void checked(long globalIndex) {
            checked++;
            lastGlobalIndex = Math.max(lastGlobalIndex, globalIndex);
            if (immediate) {
                write();
            }
        }

        void write() {
            if (checked == 0) {
                return;
            }
            // An upsert: an operator who cleared the monitor_* tables has deleted this row too, and the monitor goes
            // on counting from there rather than failing on every batch.
            jdbc.update("""
                    INSERT INTO monitor_progress AS progress (id, events_checked, last_global_index, updated_at)
                    VALUES (1, ?, ?, now())
                    ON CONFLICT (id) DO UPDATE SET events_checked = progress.events_checked + excluded.events_checked,
                        last_global_index = GREATEST(progress.last_global_index, excluded.last_global_index),
                        updated_at = now()""", checked, lastGlobalIndex);
        }
    }

    @ResetHandler
    void reset() {
        checks.forEach(InvariantCheck::reset);
        jdbc.update("""
                INSERT INTO monitor_progress AS progress (id, events_checked, last_global_index, updated_at)
                VALUES (1, 0, -1, now())
                ON CONFLICT (id) DO UPDATE SET events_checked = 0, last_global_index = -1, updated_at = now()""");
    }
}
