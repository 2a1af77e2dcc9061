package dev.foreman.scheduler;

import static dev.foreman.scheduler.TenantJobs.longAgo;
import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobAttempt;
import dev.foreman.common.job.JobState;
import dev.foreman.common.schedule.MisfirePolicy;
import dev.foreman.common.schedule.OverlapPolicy;
import dev.foreman.common.schedule.Schedule;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.jobs.Jobs;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The scheduler service as it runs: it takes the Redis leader lock and runs every leader task on
 * its own schedule (the Postgres fallback is {@code AdvisoryLockFallbackIT}'s). The context is closed after the class, so its leader stops working the shared
 * database before other test classes assert on what their own scheduler rounds did.
 */
@SpringBootTest(
        properties = {
            "foreman.scheduler.leader-ttl=2s",
            "foreman.scheduler.reap-interval=200ms",
            "foreman.scheduler.lost-check-interval=200ms",
            "foreman.scheduler.worker-consumer-group=" + SchedulerServiceIT.WORKERS
        })
@DirtiesContext
class SchedulerServiceIT {
    /** The workers' consumer group, its own so that no other test class's records hold it back. */
    static final String WORKERS = "scheduler-it-workers";

    /** Taking the lock the first time, then a round of the slowest task. */
    private static final Duration LEADING_AND_ONE_ROUND = Duration.ofSeconds(15);

    private final Clock clock = Clock.systemUTC();
    // A new instance per test, so a fresh tenant per test.
    private final TenantSchedules schedules = new TenantSchedules("scheduler-it");
    private final TenantJobs jobs = schedules.jobs();

    @Autowired
    private DataSource dataSource;

    @AfterEach
    void deleteSchedules() {
        schedules.deleteAll();
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.registerSpringProperties(registry);
    }

    @Test
    void promotesADelayedJobNoEarlierThanTheLookaheadBeforeItsRunTimeOnceItLeads() {
        Instant runAt = clock.instant().plusSeconds(2);
        Job job = jobs.insert(Jobs.aJob().dueAt(runAt), clock.instant());

        Job queued = await("job " + job.id() + " queued")
                .atMost(LEADING_AND_ONE_ROUND)
                .until(() -> jobs.reload(job), j -> j.state() == JobState.QUEUED);

        // Promoted at most promote-lookahead (500 ms) early; the worker holds it until run_at.
        assertThat(queued.updatedAt()).isAfterOrEqualTo(runAt.minusMillis(500));
        assertThat(queued.runAt()).isEqualTo(job.runAt());
    }

    @Test
    void firesADueCronScheduleOnceItLeads() {
        Schedule everySecond =
                schedules.create("* * * * * *", "UTC", MisfirePolicy.FIRE_ONCE, OverlapPolicy.ALLOW, clock.instant());

        await("schedule " + everySecond.id() + " fired")
                .atMost(LEADING_AND_ONE_ROUND)
                .until(() -> !schedules.jobs(everySecond).isEmpty());

        jobs.assertQueuedWithOneOutboxRow(schedules.jobs(everySecond).getFirst());
    }

    @Test
    void queuesAgainAJobWhoseWorkerDiedMidRequest() {
        Job abandoned = jobs.insertClaimedAt(Jobs.aJob(), longAgo()).job();

        await("job " + abandoned.id() + " reaped")
                .atMost(LEADING_AND_ONE_ROUND)
                .until(() -> jobs.state(abandoned) == JobState.QUEUED);

        assertThat(jobs.attempts(abandoned))
                .extracting(JobAttempt::outcome)
                .containsExactly(AttemptOutcome.LEASE_EXPIRED);
        jobs.assertQueuedWithOneOutboxRow(abandoned);
    }

    /**
     * Fault injection: a Kafka record that never reached a worker. Postgres is the truth, so once
     * the workers' consumer group has read past where the record was, the job is published again,
     * once: the new outbox row stays the only one through the rounds that follow, and the job was
     * never claimed, so the worker that takes the new record runs its first attempt. (The worker's
     * side, one attempt however often a record arrives, is {@code DispatchIT}'s.)
     */
    @Test
    void publishesAgainAJobWhoseKafkaRecordWasLostOnceTheWorkersHaveReadItsTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.shared().kafkaBootstrapServers()))) {
            CaughtUpWorkers.commitEverythingReadBy(admin, WORKERS);
        }
        Job lost = jobs.insertQueuedSince(longAgo());

        await("job " + lost.id() + " published again")
                .atMost(LEADING_AND_ONE_ROUND)
                .until(() -> jobs.outboxRows(lost) > 0);

        jobs.assertQueuedWithOneOutboxRow(lost);
        await("job " + lost.id() + " not published a second time over further lost-record checks")
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .until(() -> jobs.outboxRows(lost) == 1);
        assertThatJob(jobs.reload(lost)).isIn(JobState.QUEUED).hasAttempt(0).hasNoLease();
    }

    /** scheduler-service.yml's limits hold on the pool's real connections, with the url from the test infrastructure. */
    @Test
    void everyPooledConnectionHasTheStatementLockAndSocketTimeoutsOfTheYml() throws SQLException {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        assertThat(jdbc.sql("SHOW statement_timeout").query(String.class).single())
                .isEqualTo("30s");
        assertThat(jdbc.sql("SHOW lock_timeout").query(String.class).single()).isEqualTo("5s");
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getNetworkTimeout()).isEqualTo(45_000);
        }
    }
}
