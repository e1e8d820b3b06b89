package dev.orderly.axon;

import dev.orderly.axon.job.BackOffRetryScheduler;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.TransientDataAccessException;

import javax.sql.DataSource;
import java.sql.SQLTransientException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What Axon's auto-configuration cannot be told through properties: our own Jackson serializer for everything Axon
 * stores, duplicate-key detection on PostgreSQL, a token owner name unique per node, the PostgreSQL saga schema
 * (bytea, not BLOB) and a command gateway that retries a command which lost a race on the event store's unique (aggregate, sequence) key.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({CommandRetryProperties.class, NodeProperties.class})
public class AxonInfrastructureConfiguration {

    /** PostgreSQL's SQLSTATE for a unique constraint violation. */
    static final String UNIQUE_VIOLATION = "23505";

    /**
     * The clock aggregates decide by, given to their handlers as a parameter: the system clock in UTC, the one Axon
     * stamps events with ({@code GenericEventMessage.clock}), so that a decision comparing now with an event's
     * timestamp compares one clock with itself.
     */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @Primary
    Serializer serializer() {
        return OrderlySerialization.jackson();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return OrderlySerialization.jackson();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return OrderlySerialization.jackson();
    }

    /**
     * Axon's default resolver only recognises {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL
     * driver never throws. Without this, two nodes appending to one aggregate get a non-transient
     * {@code EventStoreException} instead of a {@code ConcurrencyException}, and the command is not retried.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver(UNIQUE_VIOLATION);
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer,
                          TokenStoreProperties tokenStoreProperties, NodeProperties node) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(new TokenSchema())
                .serializer(serializer)
                .claimTimeout(tokenStoreProperties.getClaimTimeout())
                .nodeId(node.id())
                .build();
    }

    /**
     * Savepoints around the events of dead-lettering processors, so that PostgreSQL lets them park a poison event; set
     * only while a failed batch runs again event by event ({@link BatchFirstInterceptor}), not on the happy path.
     */
    @Bean
    DeadLetterSavepoints deadLetterSavepoints(EventProcessorProperties processors,
                                              ObjectProvider<DataSource> dataSource) {
        return new DeadLetterSavepoints(processors, dataSource);
    }

    @Bean
    SagaSqlSchema sagaSqlSchema() {
        return new PostgresSagaSqlSchema(new SagaSchema());
    }

    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    RetryScheduler commandRetryScheduler(ScheduledExecutorService commandRetryExecutor,
                                         CommandRetryProperties properties) {
        RetryScheduler backOff = BackOffRetryScheduler.builder()
                .retryExecutor(commandRetryExecutor)
                .backOff(properties.backOff())
                .maxRetryCount(properties.maxRetries())
                .build();
        // Only a lost race or a passing database hiccup is worth repeating; a business refusal or a bug is final.
        return (command, lastFailure, failures, dispatch) ->
                isRetryable(lastFailure) && backOff.scheduleRetry(command, lastFailure, failures, dispatch);
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, RetryScheduler commandRetryScheduler) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(commandRetryScheduler)
                .dispatchInterceptors(CorrelationLogging.dispatchInterceptor())
                .build();
    }

    static boolean isRetryable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException
                    || cause instanceof TransientDataAccessException
                    || cause instanceof SQLTransientException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
