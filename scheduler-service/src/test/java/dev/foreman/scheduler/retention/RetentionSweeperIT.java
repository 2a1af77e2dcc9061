package dev.foreman.scheduler.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.callback.CallbackRepository;
import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.schedule.FireOutcome;
import dev.foreman.common.schedule.MisfirePolicy;
import dev.foreman.common.schedule.OverlapPolicy;
import dev.foreman.common.schedule.Schedule;
import dev.foreman.common.schedule.ScheduleRepository;
import dev.foreman.scheduler.TenantJobs;
import dev.foreman.scheduler.TenantSchedules;
import dev.foreman.scheduler.TenantSchedules.RecordedFire;
import dev.foreman.scheduler.TestSchedulerProperties;
import dev.foreman.scheduler.leader.Leadership;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.jobs.JobBuilder;
import dev.foreman.testkit.jobs.Jobs;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Retention against a real Postgres, with the default ages: 7 days succeeded, 30 days dead and cancelled. */
class RetentionSweeperIT {
    private static final Leadership LEADER = () -> true;

    private final Clock clock = Clock.systemUTC();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final JdbcClient jdbc =
            JdbcClient.create(TestInfrastructure.shared().dataSource());
    private final CallbackRepository callbacks = new CallbackRepository(jdbc);
    // A new instance per test, so a fresh tenant per test.
    private final TenantSchedules schedules = new TenantSchedules("retention-it");
    private final TenantJobs jobs = schedules.jobs();

    @AfterEach
    void deleteSchedules() {
        schedules.deleteAll();
    }

    @Test
    void deletesSucceededJobsPastTheirRetentionWithTheirAttemptsAndCallbacks() {
        Job old = succeededAt(daysAgo(8), "http://127.0.0.1:9/done");
        assertThat(jobs.attempts(old)).hasSize(1);
        assertThat(callbacks(old)).isEqualTo(1);

        sweeper(LEADER, 500).deleteExpired();

        assertThat(find(old)).isEmpty();
        assertThat(jobs.attempts(old)).isEmpty();
        assertThat(callbacks(old)).isZero();
        assertThat(meters.get("foreman.scheduler.retention.deleted.jobs")
                        .tag("state", "succeeded")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void keepsSucceededJobsYoungerThanTheirRetention() {
        Job young = succeededAt(daysAgo(6), null);

        sweeper(LEADER, 500).deleteExpired();

        assertThat(find(young)).isPresent();
        assertThat(jobs.attempts(young)).hasSize(1);
    }

    @Test
    void keepsDeadAndCancelledJobsForTheirLongerRetention() {
        Job deadLastWeek = deadAt(daysAgo(8));
        Job deadLongAgo = deadAt(daysAgo(31));
        Job cancelledLastWeek = cancelledAt(daysAgo(8));
        Job cancelledLongAgo = cancelledAt(daysAgo(31));

        sweeper(LEADER, 500).deleteExpired();

        assertThat(find(deadLastWeek)).isPresent();
        assertThat(find(cancelledLastWeek)).isPresent();
        assertThat(find(deadLongAgo)).isEmpty();
        assertThat(find(cancelledLongAgo)).isEmpty();
    }

    @Test
    void neverDeletesAJobThatIsNotTerminalHoweverOld() {
        Job queued = jobs.insertQueuedSince(daysAgo(90));
        Job scheduled = jobs.insert(Jobs.aJob().dueAt(clock.instant().plus(Duration.ofDays(1))), daysAgo(90));
        // Its lease still live: a running job whose lease expired is the reaper's business, however old.
        Job running = jobs.repository()
                .claimQueued(
                        List.of(jobs.insertQueuedSince(daysAgo(90)).id()),
                        "worker-still-at-it",
                        daysAgo(90),
                        Duration.ofDays(91))
                .getFirst()
                .job();

        sweeper(LEADER, 500).deleteExpired();

        assertThat(List.of(queued, scheduled, running))
                .allSatisfy(job -> assertThat(find(job)).as("job %s", job.id()).isPresent());
    }

    @Test
    void deletesMoreOldJobsThanOneBatchInOneRound() {
        List<Job> old = IntStream.range(0, 7)
                .mapToObj(i -> succeededAt(daysAgo(10), null))
                .toList();

        sweeper(LEADER, 2).deleteExpired();

        assertThat(old).allSatisfy(job -> assertThat(find(job)).isEmpty());
    }

    @Test
    void deletesFireRecordsPastTheirRetention() {
        Schedule yearly =
                schedules.create("0 0 1 1 *", "UTC", MisfirePolicy.FIRE_ONCE, OverlapPolicy.ALLOW, clock.instant());
        // Postgres keeps microseconds.
        Instant longAgo = daysAgo(31).truncatedTo(ChronoUnit.MICROS);
        Instant yesterday = daysAgo(1).truncatedTo(ChronoUnit.MICROS);
        schedules.repository().recordFire(yearly.id(), longAgo, null, FireOutcome.SKIPPED_MISFIRE, longAgo);
        schedules.repository().recordFire(yearly.id(), yesterday, null, FireOutcome.SKIPPED_OVERLAP, yesterday);

        sweeper(LEADER, 500).deleteExpired();

        assertThat(schedules.fires(yearly)).extracting(RecordedFire::at).containsExactly(yesterday);
    }

    @Test
    void deletesNothingWhileItDoesNotLead() {
        Job old = succeededAt(daysAgo(8), null);

        int deleted = sweeper(() -> false, 500).deleteExpired();

        assertThat(deleted).isZero();
        assertThat(find(old)).isPresent();
    }

    private RetentionSweeper sweeper(Leadership leadership, int batchSize) {
        return new RetentionSweeper(
                jobs.leaderBatches(leadership),
                new JobRepository(jdbc),
                new ScheduleRepository(jdbc),
                TestSchedulerProperties.bind(Map.of("retention-batch-size", String.valueOf(batchSize))),
                meters);
    }

    private Job succeededAt(Instant at, String callbackUrl) {
        return finishedAt(
                at, Jobs.aJob().withCallbackUrl(callbackUrl), JobState.SUCCEEDED, AttemptOutcome.SUCCEEDED, 200);
    }

    private Job deadAt(Instant at) {
        return finishedAt(at, Jobs.aJob(), JobState.DEAD, AttemptOutcome.FAILED, 400);
    }

    private Job cancelledAt(Instant at) {
        Job queued = jobs.insertQueuedSince(at.minusSeconds(60));
        return jobs.repository().cancel(jobs.tenantId(), queued.id(), at).orElseThrow();
    }

    /** A job that ran once, started a minute before {@code at} and finished at {@code at}. */
    private Job finishedAt(Instant at, JobBuilder job, JobState state, AttemptOutcome outcome, int httpStatus) {
        Job claimed = jobs.insertClaimedAt(job, at.minusSeconds(60)).job();
        boolean finished = jobs.finishAttempt(
                new AttemptFinish(
                        claimed.id(),
                        claimed.attempt(),
                        claimed.leaseOwner(),
                        state,
                        null,
                        outcome,
                        httpStatus,
                        "{}",
                        state == JobState.SUCCEEDED ? null : "HTTP " + httpStatus,
                        claimed.startedAt(),
                        60_000),
                at);
        assertThat(finished).isTrue();
        return jobs.reload(claimed);
    }

    private Optional<Job> find(Job job) {
        return jobs.repository().findByTenantAndId(jobs.tenantId(), job.id());
    }

    private int callbacks(Job job) {
        return callbacks.findByTenantAndJob(jobs.tenantId(), job.id()).size();
    }

    private Instant daysAgo(int days) {
        return clock.instant().minus(Duration.ofDays(days));
    }
}
