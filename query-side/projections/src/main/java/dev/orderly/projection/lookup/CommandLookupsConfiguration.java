package dev.orderly.projection.lookup;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The lookups run in the command's own thread and transaction (a subscribing processor), and a failure fails the
 * command: a claim that could not be written must not leave a decision behind that no later command would see.
 */
@Configuration(proxyBeanMethods = false)
class CommandLookupsConfiguration {

    @Bean
    ConfigurerModule commandLookupsProcessing() {
        return configurer -> configurer.eventProcessing()
                .registerSubscribingEventProcessor(CommandLookups.PROCESSING_GROUP)
                .registerListenerInvocationErrorHandler(CommandLookups.PROCESSING_GROUP,
                        config -> PropagatingErrorHandler.instance());
    }
}
