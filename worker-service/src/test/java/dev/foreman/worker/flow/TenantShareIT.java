package dev.foreman.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.common.queue.ParkReason;
import dev.foreman.common.queue.QueueRepository;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.worker.RunningWorker;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A tenant's share of a worker ({@link TenantShare}) in the whole pipeline, on real Postgres, Kafka
 * and Redis: Kafka intake, claim, the share, the request to a stub target, the finish. A permit
 * caps requests at targets, so an attempt gives it back when its target answered, not once its
 * result is written: a finish the database holds back for longer than the share-wait must not get
 * the tenant's waiting attempts parked as if its target were hung.
 */
@TestPropertySource(
        properties = {
            "foreman.worker.max-in-flight=" + TenantShareIT.SLOTS,
            // Every slot open to the tenant's normal jobs: the share, not the high-priority reserve, is tested.
            "foreman.worker.high-priority-reserve=0",
            // A quarter of 8 slots: the tenant may have 2 requests at its targets at once.
            "foreman.worker.flow.tenant-share=0.25",
            "foreman.worker.flow.share-wait=" + TenantShareIT.SHARE_WAIT_MS + "ms"
        })
class TenantShareIT extends RunningWorker {
    static final int SLOTS = 8;
    static final int SHARE_WAIT_MS = 250;
    private static final int CAP = 2;
    private static final Duration SHARE_WAIT = Duration.ofMillis(SHARE_WAIT_MS);

    private static final String LOCK_JOBS = """
            SELECT id, state
            FROM jobs
            WHERE id = ANY(?)
            FOR UPDATE
            """;

    // The longest a finish statement (JobRepository.finishAttempts, "WITH finished AS ...") has been
    // waiting for a lock the holder's transaction has; -1 while none is.
    private static final String FINISH_BLOCKED_BY = """
            SELECT COALESCE(MAX(EXTRACT(EPOCH FROM clock_timestamp() - query_start) * 1000), -1)
            FROM pg_stat_activity
            WHERE :holder = ANY(pg_blocking_pids(pid))
              AND query LIKE 'WITH finished AS%'
            """;

    private final JdbcClient database =
            JdbcClient.create(TestInfrastructure.shared().dataSource());

    @Autowired
    private TenantShare share;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private QueueRepository queues;

    @Test
    void parksNoneOfATenantsWaitingAttemptsWhileTheResultsOfItsAnsweredOnesWaitForALockedRow() throws SQLException {
        assertThat(share.cap()).isEqualTo(CAP);
        // Every permit of the tenant, taken by an attempt whose request the target holds.
        target.holdAnswers();
        List<Job> first = queued(CAP);
        relay.publishAll(first);
        target.awaitCount(CAP, PATIENCE);

        List<Job> more;
        try (Connection holder = TestInfrastructure.shared().dataSource().getConnection()) {
            try {
                // A long transaction elsewhere holds the rows their results are to be written to.
                assertThat(lockRows(holder, first)).containsOnly(JobState.RUNNING.wireName());
                target.answerHeld();
                int holderPid = backendPid(holder);
                await("the finish of the answered attempts waits for the locked rows")
                        .atMost(PATIENCE)
                        .until(() -> finishBlockedFor(holderPid) >= 0);

                // The target answers the tenant's next jobs at once; only writing results is slow.
                more = queued(SLOTS - CAP);
                relay.publishAll(more);
                await("every job of the tenant at the target, or one of them parked")
                        .atMost(PATIENCE)
                        .until(() -> target.count() == SLOTS || parkedForTenantShare() > 0);
                assertThat(parkedForTenantShare())
                        .as("attempts parked for tenant_concurrency while the finishes waited")
                        .isZero();
                assertThat(target.count()).isEqualTo(SLOTS);

                // Held back longer than the share-wait, and still nothing parked: no attempt waits any more.
                await("the finish has waited longer than the share-wait")
                        .atMost(PATIENCE)
                        .until(() -> finishBlockedFor(holderPid) > SHARE_WAIT.toMillis());
                assertThat(first)
                        .allSatisfy(job -> assertThat(current(job).state()).isEqualTo(JobState.RUNNING));
                assertThat(parkedForTenantShare()).isZero();
            } finally {
                holder.rollback();
            }
        }

        List<Job> all = Stream.concat(first.stream(), more.stream()).toList();
        all.forEach(job -> awaitState(job, JobState.SUCCEEDED));
        assertThat(all).allSatisfy(job -> {
            assertThat(target.countFor(job.id().toString())).isEqualTo(1);
            assertThat(queues.findHolds(tenant.id(), job.id())).isEmpty();
        });
        assertThat(parkedForTenantShare()).isZero();
    }

    private List<Job> queued(int count) {
        List<Job> queued = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            queued.add(insertQueued(Jobs.aJob()));
        }
        return queued;
    }

    /** Locks the jobs' rows in {@code holder}'s open transaction; returns their states. */
    private static List<String> lockRows(Connection holder, List<Job> jobs) throws SQLException {
        holder.setAutoCommit(false);
        try (PreparedStatement lock = holder.prepareStatement(LOCK_JOBS)) {
            lock.setArray(
                    1, holder.createArrayOf("uuid", jobs.stream().map(Job::id).toArray()));
            List<String> states = new ArrayList<>();
            try (ResultSet rows = lock.executeQuery()) {
                while (rows.next()) {
                    states.add(rows.getString("state"));
                }
            }
            assertThat(states).hasSameSizeAs(jobs);
            return states;
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (PreparedStatement pid = connection.prepareStatement("SELECT pg_backend_pid()");
                ResultSet row = pid.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    /** How long, in milliseconds, a finish statement has waited for {@code holderPid}'s locks; -1: none does. */
    private double finishBlockedFor(int holderPid) {
        return database.sql(FINISH_BLOCKED_BY)
                .param("holder", holderPid)
                .query(Double.class)
                .single();
    }

    private double parkedForTenantShare() {
        return meters.get("foreman.queue.parked")
                .tag("reason", ParkReason.TENANT_CONCURRENCY.wireName())
                .counter()
                .count();
    }
}
