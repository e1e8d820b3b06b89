package dev.orderly.gateway.problem;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionTimedOutException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Predicate;

/**
 * The database failures that pass by themselves: a request that met one is answered {@code 503} with
 * {@code Retry-After}, not {@code 500}, since retrying later is all a client can do and is enough.
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** The server restarting, a connection cut, the pool exhausted. */
    public static boolean unavailable(Throwable failure) {
        return anyCause(failure, cause -> cause instanceof DataAccessResourceFailureException
                || cause instanceof CannotCreateTransactionException
                || cause instanceof TransientDataAccessResourceException
                || cause instanceof SQLTransientConnectionException
                || cause instanceof SQLNonTransientConnectionException
                || cause instanceof SQLException sql && connectionLost(sql.getSQLState()));
    }

    /**
     * A statement or transaction that outlived its transaction's timeout ({@code spring.transaction.default-timeout}):
     * the database is overloaded or a lock is held for long. PostgreSQL cancels the statement (SQLSTATE 57014) and
     * the transaction rolls back.
     */
    public static boolean timedOut(Throwable failure) {
        return anyCause(failure, cause -> cause instanceof QueryTimeoutException
                || cause instanceof TransactionTimedOutException
                || cause instanceof SQLException sql && "57014".equals(sql.getSQLState()));
    }

    /** SQLSTATE class 08 (connection exception) and 57P (the server shutting down or ending the session). */
    private static boolean connectionLost(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
    }

    private static boolean anyCause(Throwable failure, Predicate<Throwable> test) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (test.test(cause)) {
                return true;
            }
        }
        return false;
    }
}
