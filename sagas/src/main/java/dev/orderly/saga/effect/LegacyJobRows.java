package dev.orderly.saga.effect;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code orderly_jobs_legacy}: the rows in {@code scheduled_tasks} under the task names of the release before
 * ({@link LedgerTasks#legacyTask}). The release that drops those names may be deployed once this is 0 with no node of
 * the release before left running (such a node still schedules them): a row under a name no node knows never runs.
 * The same on every node (the shared table), refreshed every {@code orderly.metrics.refresh} rather than per scrape;
 * NaN until the first read.
 */
@Component
class LegacyJobRows {

    private static final Logger log = LoggerFactory.getLogger(LegacyJobRows.class);

    private final JdbcTemplate jdbc;
    private final LedgerTasks tasks;
    private volatile double rows = Double.NaN;

    LegacyJobRows(JdbcTemplate jdbc, LedgerTasks tasks, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.tasks = tasks;
        Gauge.builder("orderly.jobs.legacy", this, gauge -> gauge.rows)
                .description("Job rows under the task names of the release before; drop those names once 0")
                .register(registry);
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${orderly.metrics.refresh:15s}")
    void refresh() {
        try {
            long count = jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks WHERE task_name = ANY (?)",
                    Long.class, (Object) tasks.legacyNames().toArray(String[]::new));
            if (Double.isNaN(rows) || (count == 0) != (rows == 0)) {
                log.info("{} job row(s) under the task names of the release before {}", count,
                        tasks.legacyNames());
            }
            rows = count;
        } catch (RuntimeException e) {
            log.warn("orderly_jobs_legacy not refreshed: {}", e.getMessage());
        }
    }
}
