package dev.orderly.saga.order;

import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.SagaConfiguration;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.SagaManagerSpanFactory;
import org.axonframework.modelling.saga.SagaRepository;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sagas cannot use a dead-letter queue, and Axon's default error handler only logs, which would silently skip a
 * step. Here a failing saga handler stops its processor, which retries with back-off and never skips the event.
 * The saga's events are routed to the segment of their order ({@link OrderRoutedSagaManager}), so each is looked up
 * by one segment instead of by every one.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FulfilmentProperties.class)
class FulfilmentConfiguration {

    /** The saga's counters at 0 from the start, so that an order rate exists on a node before its first order. */
    @Bean
    MeterBinder fulfilmentCounters() {
        return registry -> OrderFulfilmentSaga.COUNTED.forEach(event ->
                registry.counter(OrderFulfilmentSaga.FULFILMENTS_METER, "event", event));
    }

    @Bean
    ConfigurerModule orderFulfilmentErrorHandling() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                OrderFulfilmentSaga.PROCESSING_GROUP, config -> PropagatingErrorHandler.instance());
    }

    /**
     * Registers the saga again with its own manager, after Axon's Spring module registered every {@code @Saga} with
     * the default one (order 0): a later registration of a type replaces the earlier. Store and repository stay
     * Axon's defaults, and so do the error handler and the tracing of the manager.
     */
    @Bean
    ConfigurerModule orderRoutedSagaManager() {
        return new ConfigurerModule() {
            @Override
            public void configureModule(org.axonframework.config.Configurer configurer) {
                configurer.eventProcessing().registerSaga(OrderFulfilmentSaga.class, saga -> saga.configureSagaManager(
                        config -> {
                            EventProcessingConfiguration processing = config.eventProcessingConfiguration();
                            AnnotatedSagaManager.Builder<OrderFulfilmentSaga> builder = AnnotatedSagaManager.builder();
                            builder.sagaType(OrderFulfilmentSaga.class)
                                    .sagaRepository(repository(processing))
                                    .parameterResolverFactory(config.parameterResolverFactory())
                                    .handlerDefinition(config.handlerDefinition(OrderFulfilmentSaga.class))
                                    .listenerInvocationErrorHandler(processing.listenerInvocationErrorHandler(
                                            OrderFulfilmentSaga.PROCESSING_GROUP))
                                    .spanFactory(config.getComponent(SagaManagerSpanFactory.class));
                            return new OrderRoutedSagaManager<>(builder);
                        }));
            }

            @Override
            public int order() {
                return 1;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static SagaRepository<OrderFulfilmentSaga> repository(EventProcessingConfiguration processing) {
        return processing.sagaConfigurations().stream()
                .filter(saga -> saga.type() == OrderFulfilmentSaga.class)
                .map(saga -> ((SagaConfiguration<OrderFulfilmentSaga>) saga).repository())
                .findFirst()
                .orElseThrow();
    }
}
