package dev.orderly.axon;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.queryhandling.QueryBus;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Puts the correlation id of the request that started a chain of messages into the logging context ({@code MDC}
 * key {@value #MDC_KEY}) of every line logged while handling any message of that chain: the command, the events it
 * caused, the saga's reactions, their commands, and so on.
 * <p>
 * The id travels as Axon's {@code traceId} meta-data, which Axon's {@link MessageOriginProvider} copies from each
 * handled message to the messages it causes. The gateway sets it on the first command from the HTTP request's
 * {@code X-Correlation-Id} (or a fresh one); a command sent without one gets it from the logging context of the
 * thread that sends it.
 */
@Configuration(proxyBeanMethods = false)
public class CorrelationLogging {

    /** The logging-context key, shown in every log line of the chain. */
    public static final String MDC_KEY = "correlationId";
    /** The meta-data key Axon propagates from cause to effect. */
    public static final String META_DATA_KEY = "traceId";

    /** Adds the sending thread's correlation id to a command that does not carry one yet. */
    public static MessageDispatchInterceptor<CommandMessage<?>> dispatchInterceptor() {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                    List<? extends CommandMessage<?>> messages) {
                return (index, command) -> {
                    String current = MDC.get(MDC_KEY);
                    return current == null || command.getMetaData().containsKey(META_DATA_KEY) ? command
                            : command.andMetaData(Map.of(META_DATA_KEY, current));
                };
            }
        };
    }

    /** Sets the logging context for the duration of one message's handling, and restores what was there. */
    public static <T extends Message<?>> MessageHandlerInterceptor<T> handlerInterceptor() {
        return (unitOfWork, chain) -> {
            Message<?> message = unitOfWork.getMessage();
            Object traced = message.getMetaData().get(META_DATA_KEY);
            String previous = MDC.get(MDC_KEY);
            MDC.put(MDC_KEY, traced == null ? message.getIdentifier() : traced.toString());
            try {
                return chain.proceed();
            } finally {
                if (previous == null) {
                    MDC.remove(MDC_KEY);
                } else {
                    MDC.put(MDC_KEY, previous);
                }
            }
        };
    }

    /** Every event processor (projections, sagas, the monitor, the payment processor) logs with the chain's id. */
    @Bean
    ConfigurerModule correlationOfEventHandlers() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerDefaultHandlerInterceptor((configuration, processorName) -> handlerInterceptor()));
    }

    /** Command and query handlers and deadline handlers too, once the buses exist. */
    @Bean
    SmartInitializingSingleton correlationOfBuses(CommandBus commandBus, QueryBus queryBus,
                                                  ObjectProvider<DeadlineManager> deadlineManager) {
        return () -> {
            commandBus.registerHandlerInterceptor(handlerInterceptor());
            queryBus.registerHandlerInterceptor(handlerInterceptor());
            deadlineManager.ifAvailable(manager -> manager.registerHandlerInterceptor(handlerInterceptor()));
        };
    }
}
