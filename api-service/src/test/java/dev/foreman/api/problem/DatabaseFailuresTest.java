package dev.foreman.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class DatabaseFailuresTest {

    @Test
    void aPoolWithNoConnectionToGiveIsUnreachable() {
        var noConnection = new CannotGetJdbcConnectionException(
                "Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("foreman - Connection is not available, request timed out"));

        assertThat(DatabaseFailures.unreachable(noConnection)).isTrue();
        assertThat(DatabaseFailures.unavailable(noConnection)).isTrue();
    }

    @Test
    void aTransactionThatCouldNotBeginIsUnreachable() {
        var noBegin = new CannotCreateTransactionException(
                "Could not open JDBC Connection for transaction", new SQLException("refused", "08001"));

        assertThat(DatabaseFailures.unreachable(noBegin)).isTrue();
    }

    @Test
    void aCommitCutOffMidwayIsUnreachableHoweverDeeplyItIsWrapped() {
        var cutOff = new IllegalStateException(new TransactionSystemException(
                "Could not commit JDBC transaction", new SQLException("An I/O error occurred", "08006")));

        assertThat(DatabaseFailures.unreachable(cutOff)).isTrue();
        assertThat(DatabaseFailures.unavailable(cutOff)).isTrue();
    }

    @Test
    void aRollbackThatFailedAfterTheStatementLostItsConnectionIsUnreachable() {
        var rollbackFailed = new TransactionSystemException(
                "JDBC rollback failed", new SQLException("Connection is closed")); // Hikari 7: no SQLSTATE
        rollbackFailed.initApplicationException(new DataAccessResourceFailureException(
                "PreparedStatementCallback",
                new SQLException("An I/O error occurred while sending to the backend", "08006")));

        assertThat(DatabaseFailures.unreachable(rollbackFailed)).isTrue();
        assertThat(DatabaseFailures.unavailable(rollbackFailed)).isTrue();
    }

    @Test
    void aServerShuttingDownIsUnreachable() {
        for (String state : new String[] {"57P01", "57P02", "57P03"}) {
            var shutdown = new DataAccessResourceFailureException("terminating", new SQLException("shutdown", state));

            assertThat(DatabaseFailures.unreachable(shutdown)).as(state).isTrue();
        }
    }

    @Test
    void aStatementPastItsTimeLimitsIsUnavailableButTheDatabaseIsReachable() {
        var statementTimeout = new QueryTimeoutException(
                "canceling statement due to statement timeout", new SQLException("canceled", "57014"));
        var lockTimeout = new CannotAcquireLockException(
                "canceling statement due to lock timeout", new SQLException("lock", "55P03"));

        assertThat(DatabaseFailures.unavailable(statementTimeout)).isTrue();
        assertThat(DatabaseFailures.unavailable(lockTimeout)).isTrue();
        assertThat(DatabaseFailures.unreachable(statementTimeout)).isFalse();
        assertThat(DatabaseFailures.unreachable(lockTimeout)).isFalse();
    }

    @Test
    void tooManyConnectionsIsUnavailable() {
        assertThat(DatabaseFailures.unavailable(new SQLException("too many clients already", "53300")))
                .isTrue();
    }

    @Test
    void aFaultOfTheRequestOrABugIsNeither() {
        var duplicate = new DuplicateKeyException("duplicate key", new SQLException("duplicate", "23505"));
        var badSql = new BadSqlGrammarException("select", "SELEC 1", new SQLException("syntax", "42601"));
        var bug = new IllegalStateException("job was neither inserted nor found by its key");

        for (Exception notTheDatabase : new Exception[] {duplicate, badSql, bug}) {
            assertThat(DatabaseFailures.unavailable(notTheDatabase))
                    .as(notTheDatabase.toString())
                    .isFalse();
            assertThat(DatabaseFailures.unreachable(notTheDatabase))
                    .as(notTheDatabase.toString())
                    .isFalse();
        }
    }
}
