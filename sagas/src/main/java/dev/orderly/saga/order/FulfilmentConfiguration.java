package dev.orderly.saga.order;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sagas cannot use a dead-letter queue, and Axon's default error handler only logs, which would silently skip a
 * step. Here a failing saga handler stops its processor, which retries with back-off and never skips the event.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FulfilmentProperties.class)
class FulfilmentConfiguration {

    static final String PROCESSING_GROUP = "OrderFulfilmentSagaProcessor";

    @Bean
    ConfigurerModule orderFulfilmentErrorHandling() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                PROCESSING_GROUP, config -> PropagatingErrorHandler.instance());
    }
}
