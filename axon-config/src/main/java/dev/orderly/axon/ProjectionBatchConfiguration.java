package dev.orderly.axon;

import org.axonframework.config.ConfigurerModule;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;

/**
 * Batches of the dead-lettering processors run in one piece, and only a failed one event by event: the interceptor
 * on each such processor, and the writes the projections hold back until their batch ends.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProjectionBatchProperties.class)
public class ProjectionBatchConfiguration {

    @Bean
    ProjectionWrites projectionWrites(JdbcTemplate jdbc) {
        return new ProjectionWrites(jdbc);
    }

    @Bean
    ConfigurerModule batchFirstProcessing(ProjectionBatchProperties properties, DeadLetterSavepoints savepoints,
                                          ObjectProvider<DataSource> dataSource, ProjectionWrites writes) {
        return configurer -> {
            if (properties.batchFirst()) {
                savepoints.groups().forEach(processor -> configurer.eventProcessing().registerHandlerInterceptor(
                        processor, axon -> new BatchFirstInterceptor(processor, axon, dataSource.getObject(),
                                writes)));
            }
        };
    }
}
