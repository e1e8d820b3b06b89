package dev.orderly.axon;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What one transaction of a dead-lettering processor knows about itself: the savepoint it has open (at most one, so
 * savepoints never nest), whether the message being handled runs in the fast mode of {@link BatchFirstInterceptor}
 * and whether a handler of it failed, the messages handled since the batch's savepoint, and the writes
 * {@link ProjectionWrites} holds back until the batch ends. Bound to the transaction, gone when it completes.
 */
final class BatchTransaction {

    private static final Object KEY = new Object();

    private final DataSource dataSource;
    private final List<EventMessage<?>> sinceSavepoint = new ArrayList<>();
    private final ProjectionWrites.Buffer writes = new ProjectionWrites.Buffer();
    private int savepoints;
    private String openSavepoint;
    private boolean batchSavepoint;
    private String guardedMessage;
    private String fastMessage;
    private Exception failure;

    private BatchTransaction(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The state of the current transaction, created on first use; null outside a transaction. */
    static BatchTransaction current(DataSource dataSource) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        BatchTransaction state = (BatchTransaction) TransactionSynchronizationManager.getResource(KEY);
        if (state == null) {
            state = new BatchTransaction(dataSource);
            TransactionSynchronizationManager.bindResource(KEY, state);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
                }
            });
        }
        return state;
    }

    /** The state of the current transaction if it has one already. */
    static BatchTransaction existing() {
        return TransactionSynchronizationManager.isActualTransactionActive()
                ? (BatchTransaction) TransactionSynchronizationManager.getResource(KEY) : null;
    }

    // --- fast mode: the batch under one savepoint ---

    /** Opens the batch's savepoint unless one is open, and runs {@code message} in fast mode. */
    void startFast(EventMessage<?> message) throws SQLException {
        if (!batchSavepoint) {
            open("orderly_batch_");
            batchSavepoint = true;
            guardedMessage = null;
        }
        fastMessage = message.getIdentifier();
        failure = null;
    }

    boolean isFast(Message<?> message) {
        return fastMessage != null && fastMessage.equals(message.getIdentifier());
    }

    /** Whether writes are held back: a message runs in fast mode. */
    boolean isFast() {
        return fastMessage != null;
    }

    /** A handler of the fast message failed: the batch will be run again event by event. */
    void fail(Exception cause) {
        if (failure == null) {
            failure = cause;
        } else if (failure != cause) {
            failure.addSuppressed(cause);
        }
    }

    Exception failure() {
        return failure;
    }

    /** Ends the fast message; a successful one is remembered, as a failure would have to run it again. */
    void endFast(EventMessage<?> message) {
        fastMessage = null;
        if (failure == null) {
            sinceSavepoint.add(message);
        }
    }

    ProjectionWrites.Buffer writes() {
        return writes;
    }

    /**
     * Undoes everything since the batch's savepoint, the held-back writes included, and returns the messages to run
     * again event by event: those handled since the savepoint and the one that failed.
     */
    List<EventMessage<?>> rollBackBatch(EventMessage<?> failed) throws SQLException {
        writes.discard();
        List<EventMessage<?>> again = new ArrayList<>(sinceSavepoint);
        again.add(failed);
        sinceSavepoint.clear();
        batchSavepoint = false;
        fastMessage = null;
        failure = null;
        rollBackOpen();
        return again;
    }

    // --- careful mode: one savepoint per message ---

    /** Opens a savepoint for {@code message} unless it has one, releasing the previous one in the same round trip. */
    void guard(Message<?> message) throws SQLException {
        if (batchSavepoint) {
            throw new IllegalStateException("a message runs event by event inside a batch's savepoint");
        }
        if (!message.getIdentifier().equals(guardedMessage)) {
            open("orderly_event_");
            guardedMessage = message.getIdentifier();
        }
    }

    /** Undoes the guarded message's writes, every handler's of it, and forgets the savepoint. */
    void rollBackMessage() throws SQLException {
        guardedMessage = null;
        rollBackOpen();
    }

    // --- savepoints ---

    private void open(String prefix) throws SQLException {
        String savepoint = prefix + ++savepoints;
        execute((openSavepoint == null ? "" : "RELEASE SAVEPOINT " + openSavepoint + "; ") + "SAVEPOINT " + savepoint);
        openSavepoint = savepoint;
    }

    private void rollBackOpen() throws SQLException {
        String savepoint = openSavepoint;
        openSavepoint = null;
        if (savepoint != null) {
            execute("ROLLBACK TO SAVEPOINT " + savepoint + "; RELEASE SAVEPOINT " + savepoint);
        }
    }

    private void execute(String sql) throws SQLException {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
