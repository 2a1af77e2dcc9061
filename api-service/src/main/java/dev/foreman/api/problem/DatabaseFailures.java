package dev.foreman.api.problem;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure of the database itself (down, restarting, unreachable, out of connections, a
 * statement past {@code statement_timeout} or {@code lock_timeout}) from a fault of the request or
 * a bug. The first answers {@code 503 database_unavailable} with {@code Retry-After}: the same
 * request will work once the database is back. It looks through the whole cause chain, because
 * the failure arrives wrapped in whatever the code around it uses: Spring's translated {@code
 * DataAccessException}s, a {@code CannotCreateTransactionException} when a transaction could not
 * begin, a {@code TransactionSystemException} when its commit or rollback failed, or Hikari's and PgJDBC's
 * own {@code SQLException}s.
 */
public final class DatabaseFailures {
    /** SQLSTATE class 08: connection exception (refused, broken, lost mid-statement). */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";

    /** The server going away or refusing for now: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now. */
    private static final Set<String> SERVER_GONE_STATES = Set.of("57P01", "57P02", "57P03");

    /** SQLSTATE class 53: insufficient resources (too many connections, out of memory or disk). */
    private static final String INSUFFICIENT_RESOURCES_CLASS = "53";

    /**
     * A statement ended by its time limits (57014 query_canceled by statement_timeout, 55P03
     * lock_not_available by lock_timeout), a session ended by the server (57P05
     * idle_session_timeout), a transaction that lost a race and only needs running again (40001
     * serialization_failure, 40P01 deadlock_detected).
     */
    private static final Set<String> MOMENTARY_STATES = Set.of("57014", "55P03", "57P05", "40001", "40P01");

    private DatabaseFailures() {}

    /**
     * Whether {@code failure}, or anything in its cause chain, says the database could not serve the
     * request: it {@linkplain #unreachable could not be reached}, or it was out of resources, or the
     * statement ran past its time limits or lost a race. The same request can work a moment later.
     */
    public static boolean unavailable(Throwable failure) {
        return anyInCauseChain(failure, DatabaseFailures::isUnavailable);
    }

    /**
     * Whether {@code failure}, or anything in its cause chain, says no connection to the database
     * could be had or kept: down, restarting, unreachable, or no pooled connection free in time.
     * Nothing about the request caused it, so every other request fails alike.
     */
    public static boolean unreachable(Throwable failure) {
        return anyInCauseChain(failure, DatabaseFailures::isUnreachable);
    }

    /**
     * Tests each failure in the cause chain, and in the chain of the failure a {@code
     * TransactionSystemException} overrode: when a statement fails on a broken connection, the
     * rollback fails too ("Connection is closed", no SQLSTATE), and the rollback's exception is the
     * one thrown, with the statement's kept as its application exception.
     */
    private static boolean anyInCauseChain(Throwable failure, Predicate<Throwable> test) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> toTest = new ArrayDeque<>();
        toTest.push(failure);
        while (!toTest.isEmpty()) {
            Throwable t = toTest.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (test.test(t)) {
                return true;
            }
            if (t.getCause() != null) {
                toTest.push(t.getCause());
            }
            if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
                toTest.push(rollback.getApplicationException());
            }
        }
        return false;
    }

    private static boolean isUnreachable(Throwable t) {
        if (t instanceof CannotGetJdbcConnectionException
                || t instanceof CannotCreateTransactionException // no connection to begin on
                || t instanceof SQLTransientConnectionException // Hikari: "connection is not available"
                || t instanceof SQLNonTransientConnectionException
                || t instanceof SQLRecoverableException) {
            return true;
        }
        String state = sqlState(t);
        return state != null && (state.startsWith(CONNECTION_EXCEPTION_CLASS) || SERVER_GONE_STATES.contains(state));
    }

    private static boolean isUnavailable(Throwable t) {
        if (isUnreachable(t)
                || t instanceof DataAccessResourceFailureException
                || t instanceof TransientDataAccessException // QueryTimeout, CannotAcquireLock, deadlock loser
                || t instanceof SQLTransientException) {
            return true;
        }
        String state = sqlState(t);
        return state != null && (state.startsWith(INSUFFICIENT_RESOURCES_CLASS) || MOMENTARY_STATES.contains(state));
    }

    private static String sqlState(Throwable t) {
        return t instanceof SQLException sql ? sql.getSQLState() : null;
    }
}
