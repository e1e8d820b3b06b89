package dev.orderly.axon;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.beans.factory.ObjectProvider;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lets the handlers of a processing group with a dead-letter queue fail without taking their batch down with them.
 * <p>
 * Axon's {@code DeadLetteringEventHandlerInvoker} parks an event when its handler throws, and it writes the dead
 * letter in the same transaction as the batch. On PostgreSQL a failed statement aborts that transaction: without a
 * savepoint, writing the dead letter fails too ("current transaction is aborted"), the batch rolls back, and the
 * segment retries the poison event forever, holding back every other event behind it. A Java exception thrown after
 * a handler's first statement would leave that statement's row behind a parked event.
 * <p>
 * So a handler runs in one of two ways. While {@link BatchFirstInterceptor} runs its message in <em>fast mode</em>
 * (the batch under a single savepoint) a failure is not thrown to the invoker, which would park the event with its
 * partial writes: it is recorded, the message's remaining handlers are skipped, and the interceptor undoes the batch
 * and runs it again event by event. Otherwise (that re-run, a dead letter retried, fast mode switched off) the
 * message runs in a savepoint of its own, opened before its first handler: a failure rolls back every handler's
 * writes of that message and is thrown to the invoker, which parks it. Successive messages release the previous
 * savepoint and set theirs in one round trip, so savepoints never nest.
 * <p>
 * The savepoint is a plain JDBC one on the connection the transaction manager bound to the current transaction (the
 * one {@code JdbcTemplate} and Axon's JDBC stores use): Spring's nested transactions are not available here, since
 * Hibernate's {@code JpaDialect} does not support savepoints. It only helps handlers whose SQL runs inside the
 * transaction before it commits: a JPA write flushed at commit would fail after the savepoint is gone and block the
 * segment instead of parking. Our projections therefore write with plain SQL ({@link ProjectionWrites}) and use JPA,
 * if at all, to read.
 */
public final class DeadLetterSavepoints implements HandlerEnhancerDefinition {

    private final Set<String> groups;
    private final ObjectProvider<DataSource> dataSource;

    public DeadLetterSavepoints(EventProcessorProperties properties, ObjectProvider<DataSource> dataSource) {
        this.groups = properties.getProcessors().entrySet().stream()
                .filter(processor -> processor.getValue().getDlq().isEnabled())
                .map(java.util.Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
        this.dataSource = dataSource;
    }

    /** The processing groups whose handlers run in savepoints. */
    public Set<String> groups() {
        return groups;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        if (!original.canHandleMessageType(EventMessage.class)) {
            return original;
        }
        Class<?> declaring;
        try {
            declaring = original.declaringClass();
        } catch (UnsupportedOperationException noMember) {
            return original;
        }
        ProcessingGroup group = declaring.getAnnotation(ProcessingGroup.class);
        if (group == null || !groups.contains(group.value())) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                BatchTransaction batch = BatchTransaction.current(dataSource.getObject());
                if (batch == null) {
                    return super.handle(message, target);
                }
                if (batch.isFast(message)) {
                    if (batch.failure() != null) {
                        return null;
                    }
                    try {
                        return super.handle(message, target);
                    } catch (Exception failure) {
                        batch.fail(failure);
                        return null;
                    }
                }
                batch.guard(message);
                try {
                    return super.handle(message, target);
                } catch (Exception | Error failure) {
                    try {
                        batch.rollBackMessage();
                    } catch (SQLException rollbackFailed) {
                        failure.addSuppressed(rollbackFailed);
                    }
                    throw failure;
                }
            }
        };
    }
}
