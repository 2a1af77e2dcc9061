package dev.foreman.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.jobs.StoredJobs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The worker's connection limits (worker-service.yml) on real connections: a finish or a lease
 * renewal stuck behind a row another transaction holds fails after {@code lock_timeout}, well inside
 * the lease margin, instead of hanging while the heartbeat keeps the lease alive.
 */
class DatabaseTimeoutsIT extends RunningWorker {
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);

    private static final String LOCK_JOB = """
            SELECT id
            FROM jobs
            WHERE id = ?
            FOR UPDATE
            """;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void everyPooledConnectionHasTheStatementLockAndSocketTimeoutsOfTheYml() throws SQLException {
        assertThat(jdbc.sql("SHOW statement_timeout").query(String.class).single())
                .isEqualTo("5s");
        assertThat(jdbc.sql("SHOW lock_timeout").query(String.class).single()).isEqualTo("2s");
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getNetworkTimeout()).isEqualTo(10_000);
        }
    }

    @Test
    void aFinishBlockedOnALockedJobRowFailsAfterTheLockTimeoutAndAppliesOnceTheLockIsGone() throws SQLException {
        Job running = new StoredJobs(TestInfrastructure.shared().dataSource(), clock).running(tenant, Jobs.aJob());
        AttemptFinish succeeded = success(running);

        try (Connection holder = TestInfrastructure.shared().dataSource().getConnection()) {
            holdRowLock(holder, running);
            long started = System.nanoTime();

            assertThat(failureWithin(() -> jobs.finishAttempts(List.of(succeeded), clock.instant())))
                    .isInstanceOf(DataAccessException.class)
                    .rootCause()
                    .isInstanceOfSatisfying(SQLException.class, DatabaseTimeoutsIT::isLockNotAvailable);

            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            assertThat(waited).isGreaterThanOrEqualTo(LOCK_TIMEOUT).isLessThan(STATEMENT_TIMEOUT);
            holder.rollback();
        }

        assertThat(jobs.finishAttempts(List.of(succeeded), clock.instant())).containsExactly(succeeded);
        assertThat(current(running).state()).isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aLeaseRenewalBlockedOnALockedJobRowFailsAfterTheLockTimeout() throws SQLException {
        Job running = new StoredJobs(TestInfrastructure.shared().dataSource(), clock).running(tenant, Jobs.aJob());
        Instant now = clock.instant();

        try (Connection holder = TestInfrastructure.shared().dataSource().getConnection()) {
            holdRowLock(holder, running);
            long started = System.nanoTime();

            assertThat(failureWithin(() -> jobs.renewLeases(
                            List.of(running.id()),
                            StoredJobs.WORKER,
                            now.plus(Duration.ofHours(1)),
                            now.plus(Duration.ofHours(1)))))
                    .isInstanceOf(DataAccessException.class)
                    .rootCause()
                    .isInstanceOfSatisfying(SQLException.class, DatabaseTimeoutsIT::isLockNotAvailable);

            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isGreaterThanOrEqualTo(LOCK_TIMEOUT)
                    .isLessThan(STATEMENT_TIMEOUT);
            holder.rollback();
        }
    }

    /**
     * What the call threw, failing the test if it has not ended within the statement timeout
     * (without the lock timeout it would wait for as long as the lock is held: here, for ever).
     */
    private static Throwable failureWithin(ThrowingCallable blocked) {
        return assertTimeoutPreemptively(STATEMENT_TIMEOUT, () -> catchThrowable(blocked));
    }

    /** SQLSTATE 55P03 lock_not_available: what Postgres answers a statement that waited past lock_timeout. */
    private static void isLockNotAvailable(SQLException failure) {
        assertThat(failure.getSQLState()).as(failure.getMessage()).isEqualTo("55P03");
    }

    /** Locks the job's row in {@code holder}'s open transaction, as a long transaction elsewhere would. */
    private static void holdRowLock(Connection holder, Job job) throws SQLException {
        holder.setAutoCommit(false);
        try (PreparedStatement lock = holder.prepareStatement(LOCK_JOB)) {
            lock.setObject(1, job.id());
            lock.executeQuery().close();
        }
    }

    private AttemptFinish success(Job running) {
        return new AttemptFinish(
                running.id(),
                running.attempt(),
                StoredJobs.WORKER,
                JobState.SUCCEEDED,
                clock.instant(),
                AttemptOutcome.SUCCEEDED,
                200,
                "{}",
                null,
                running.startedAt(),
                15);
    }
}
