package dev.orderly.axon.job;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Optional;

/** db-scheduler with {@link JobDataSerializer}: JSON job data, and every row written before still readable. */
@Configuration(proxyBeanMethods = false)
public class JobConfiguration {

    @Bean
    DbSchedulerCustomizer jobDataAsJson() {
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<Serializer> serializer() {
                return Optional.of(new JobDataSerializer());
            }
        };
    }
}
