package dev.orderly.axon;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs each event handler of a processing group with a dead-letter queue in a savepoint of the batch's transaction.
 * <p>
 * Axon's {@code DeadLetteringEventHandlerInvoker} parks an event when its handler throws, and it writes the dead
 * letter in the same transaction as the batch. On PostgreSQL a failed statement aborts that transaction: without the
 * savepoint, writing the dead letter fails too ("current transaction is aborted"), the batch rolls back, and the
 * segment retries the poison event forever, holding back every other event behind it. With the savepoint the failed
 * handler's statements are undone alone, the letter is written, and the batch commits.
 * <p>
 * The savepoint is a plain JDBC one on the connection the transaction manager bound to the current transaction (the
 * one {@code JdbcTemplate} and Axon's JDBC stores use): Spring's nested transactions are not available here, since
 * Hibernate's {@code JpaDialect} does not support savepoints. It only helps handlers whose SQL runs inside the
 * handler: a JPA write flushed at commit would fail after the savepoint is gone and block the segment instead of
 * parking. Our projections therefore write with plain SQL ({@code JdbcTemplate}) and use JPA, if at all, to read.
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
                if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                    return super.handle(message, target);
                }
                DataSource source = dataSource.getObject();
                Connection connection = DataSourceUtils.getConnection(source);
                try {
                    OpenSavepoint open = openSavepoint(connection);
                    String savepoint = open.begin();
                    try {
                        return super.handle(message, target);
                    } catch (Exception | Error failure) {
                        try {
                            open.rollBack(savepoint);
                        } catch (SQLException rollbackFailed) {
                            failure.addSuppressed(rollbackFailed);
                        }
                        throw failure;
                    }
                } finally {
                    DataSourceUtils.releaseConnection(connection, source);
                }
            }
        };
    }

    /**
     * The savepoint state of the current transaction. A handler that succeeded leaves its savepoint open; the next
     * handler releases it and sets its own in one round trip ({@code RELEASE SAVEPOINT a; SAVEPOINT b}), and the
     * commit releases the last. So a batch pays one round trip per event instead of two, and nests one level only.
     */
    private OpenSavepoint openSavepoint(Connection connection) {
        OpenSavepoint open = (OpenSavepoint) TransactionSynchronizationManager.getResource(this);
        if (open == null || open.connection != connection) {
            if (open != null) {
                TransactionSynchronizationManager.unbindResource(this);
            }
            open = new OpenSavepoint(connection);
            TransactionSynchronizationManager.bindResource(this, open);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(DeadLetterSavepoints.this);
                }
            });
        }
        return open;
    }

    private static final class OpenSavepoint {

        private final Connection connection;
        private int count;
        private String pending;

        OpenSavepoint(Connection connection) {
            this.connection = connection;
        }

        String begin() throws SQLException {
            String savepoint = "orderly_handler_" + ++count;
            execute((pending == null ? "" : "RELEASE SAVEPOINT " + pending + "; ") + "SAVEPOINT " + savepoint);
            pending = savepoint;
            return savepoint;
        }

        void rollBack(String savepoint) throws SQLException {
            pending = null;
            execute("ROLLBACK TO SAVEPOINT " + savepoint + "; RELEASE SAVEPOINT " + savepoint);
        }

        private void execute(String sql) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
    }
}
