package dev.orderly.saga.effect;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import dev.orderly.axon.job.BackOff;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The jobs that carry out decided effects, retried with back-off and jitter until done or given up. Their data is
 * JSON ({@link EffectJob}); the tasks of the release before, whose data was the key as {@code subject|kind|step}
 * text, stay registered for one release so that rows written by it still run (see {@link #LEGACY_EMAIL}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EffectProperties.class)
class EffectJobConfiguration {

    static final TaskDescriptor<EffectJob> EMAIL = TaskDescriptor.of("effect-email.v2", EffectJob.class);
    static final TaskDescriptor<EffectJob> PICKLIST = TaskDescriptor.of("effect-picklist.v2", EffectJob.class);

    /**
     * Rows scheduled before job data became JSON; only read, never scheduled. A node of the release before knows
     * only these names and leaves the {@code .v2} rows alone (db-scheduler excludes a task it cannot resolve), so
     * nodes of both releases can run side by side. Remove in the release after.
     */
    static final TaskDescriptor<String> LEGACY_EMAIL = TaskDescriptor.of("effect-email", String.class);
    static final TaskDescriptor<String> LEGACY_PICKLIST = TaskDescriptor.of("effect-picklist", String.class);

    @Bean
    OneTimeTask<EffectJob> emailEffectTask(LedgerTasks tasks, EffectJobs jobs, EffectProperties properties) {
        return tasks.task(EMAIL, TaskInstance::getData, retries(properties), job -> jobs.email(job.ledgerKey()),
                (job, cause) -> jobs.giveUp(job.ledgerKey(), cause));
    }

    @Bean
    OneTimeTask<EffectJob> picklistEffectTask(LedgerTasks tasks, EffectJobs jobs, EffectProperties properties) {
        return tasks.task(PICKLIST, TaskInstance::getData, retries(properties),
                job -> jobs.picklist(job.ledgerKey()), (job, cause) -> jobs.giveUp(job.ledgerKey(), cause));
    }

    @Bean
    OneTimeTask<String> legacyEmailEffectTask(LedgerTasks tasks, EffectJobs jobs, EffectProperties properties) {
        return tasks.legacyTask(LEGACY_EMAIL, EffectJobConfiguration::legacy, retries(properties),
                job -> jobs.email(job.ledgerKey()), (job, cause) -> jobs.giveUp(job.ledgerKey(), cause));
    }

    @Bean
    OneTimeTask<String> legacyPicklistEffectTask(LedgerTasks tasks, EffectJobs jobs, EffectProperties properties) {
        return tasks.legacyTask(LEGACY_PICKLIST, EffectJobConfiguration::legacy, retries(properties),
                job -> jobs.picklist(job.ledgerKey()), (job, cause) -> jobs.giveUp(job.ledgerKey(), cause));
    }

    /** The release before stored the key as {@code subject|kind|step}; a recipient step may hold no bar. */
    static EffectJob legacy(TaskInstance<String> row) {
        String[] parts = row.getData().split("\\|", 3);
        return new EffectJob(new EffectKey(parts[0], parts[1], parts[2]));
    }

    private static LedgerTasks.Retries retries(EffectProperties properties) {
        return new LedgerTasks.Retries(new BackOff(properties.initialBackoff(), properties.maxBackoff(), 0.5),
                properties.maxAttempts(), RuntimeException.class);
    }
}
