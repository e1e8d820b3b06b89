package dev.orderly.saga.effect;

import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.orderly.saga.BackOff;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The jobs that carry out decided effects, retried with back-off and jitter until done or given up. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EffectProperties.class)
class EffectJobConfiguration {

    static final TaskDescriptor<String> EMAIL = TaskDescriptor.of("effect-email", String.class);
    static final TaskDescriptor<String> PICKLIST = TaskDescriptor.of("effect-picklist", String.class);

    @Bean
    OneTimeTask<String> emailEffectTask(EffectJobs jobs, EffectLedger ledger, EffectProperties properties) {
        return Tasks.oneTime(EMAIL)
                .onFailure(backOff(properties).failureHandler(properties.maxAttempts(), RuntimeException.class,
                        (job, cause) -> jobs.giveUp(EffectKey.parse(job.getData()), cause)))
                .execute((instance, context) -> {
                    EffectKey key = EffectKey.parse(instance.getData());
                    ledger.inContextOf(key, () -> jobs.email(key));
                });
    }

    @Bean
    OneTimeTask<String> picklistEffectTask(EffectJobs jobs, EffectLedger ledger, EffectProperties properties) {
        return Tasks.oneTime(PICKLIST)
                .onFailure(backOff(properties).failureHandler(properties.maxAttempts(), RuntimeException.class,
                        (job, cause) -> jobs.giveUp(EffectKey.parse(job.getData()), cause)))
                .execute((instance, context) -> {
                    EffectKey key = EffectKey.parse(instance.getData());
                    ledger.inContextOf(key, () -> jobs.picklist(key));
                });
    }

    private static BackOff backOff(EffectProperties properties) {
        return new BackOff(properties.initialBackoff(), properties.maxBackoff(), 0.5);
    }
}
