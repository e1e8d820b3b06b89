package dev.orderly.projection.monitor;

import dev.orderly.query.monitor.MonitorStatusView;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.async.SequentialPolicy;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The monitor must see events in global order and must never skip one: all events form one sequence (it runs with a
 * single segment), and a failing check stops the processor, which retries, instead of dead-lettering the event.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MonitorProperties.class)
class MonitorProcessingConfiguration {

    @Bean
    ConfigurerModule invariantMonitorProcessing() {
        return configurer -> configurer.eventProcessing()
                .registerSequencingPolicy(MonitorStatusView.PROCESSING_GROUP, config -> new SequentialPolicy())
                .registerListenerInvocationErrorHandler(MonitorStatusView.PROCESSING_GROUP,
                        config -> PropagatingErrorHandler.instance());
    }
}
