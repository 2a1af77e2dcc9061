package dev.foreman.worker;

import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobAttempt;
import dev.foreman.common.job.JobState;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.time.MutableClock;
import dev.foreman.worker.attempt.InFlightAttempts;
import dev.foreman.worker.attempt.RunningAttempt;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;

/**
 * Leases after the claim, on real Postgres and Kafka: the heartbeat keeps the lease of an attempt
 * that outlives its initial lease ahead of the reaper, and aborts the request of a job a person
 * cancelled while it ran.
 *
 * <p>The worker runs on a clock the test moves forward, so "the attempt outlived its initial
 * lease" takes a second instead of the job's whole timeout. The HTTP request itself runs on real
 * time, as always.
 */
@TestPropertySource(properties = {"foreman.worker.lease-margin=4s", "foreman.worker.heartbeat-interval=100ms"})
class HeartbeatIT extends RunningWorker {
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(4);
    // Less than the margin, so a live worker's lease is never overtaken between two beats, and more
    // than half of it, so the lease is running out after each step and the heartbeat renews it.
    private static final Duration STEP = LEASE_MARGIN.multipliedBy(3).dividedBy(4);

    @Autowired
    private InFlightAttempts inFlight;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private MutableClock time;

    private final StandInReaper reaper = new StandInReaper();

    @TestConfiguration
    static class MovableTime {
        @Bean
        MutableClock clock() {
            return MutableClock.ticking();
        }
    }

    @Test
    void keepsTheLeaseOfAnAttemptThatOutlivesItsInitialLeaseUntilItSucceeds() {
        // Far longer than the few beats below take, far shorter than the job's timeout.
        target.delay(Duration.ofSeconds(8));
        Job job = insertQueued(Jobs.aJob().withTimeout(Duration.ofSeconds(12)));
        relay.publish(job);
        Instant initialLease = awaitRunning(job).leaseExpiresAt();
        target.awaitCount(1, PATIENCE);

        // Time runs on past the initial lease while the target works. The reaper ticks at every
        // step; without heartbeats it would take the job away at the last step at the latest.
        while (!clock.instant().isAfter(initialLease)) {
            time.advance(STEP);
            Instant now = clock.instant();
            await("a heartbeat renews the lease to at least " + LEASE_MARGIN + " after " + now)
                    .atMost(PATIENCE)
                    .until(() -> current(job).leaseExpiresAt(), lease -> lease.isAfter(now.plus(STEP)));
            assertThat(reaper.reapExpiredLeases(clock.instant())).doesNotContain(job.id());
        }

        assertThat(current(job).leaseExpiresAt()).isAfter(initialLease);
        Job succeeded = awaitState(job, JobState.SUCCEEDED);
        assertThat(succeeded.attempt()).isEqualTo(1);
        assertThat(attempts.findByTenantAndJob(tenant.id(), job.id()))
                .singleElement()
                .extracting(JobAttempt::outcome)
                .isEqualTo(AttemptOutcome.SUCCEEDED);
        assertThat(meters.get("foreman.worker.lease.renewals").counter().count())
                .isPositive();
    }

    @Test
    void cancelOfARunningJobAbortsItsRequest() {
        target.delay(Duration.ofSeconds(60));
        Job job = insertQueued(Jobs.aJob().withTimeout(Duration.ofSeconds(120)));
        relay.publish(job);
        awaitRunning(job);
        target.awaitCount(1, PATIENCE);
        double lostBefore = meters.get("foreman.worker.lease.lost").counter().count();

        assertThat(jobs.cancel(tenant.id(), job.id(), clock.instant())).isPresent();

        // A few beats, far less than the target's delay: the request was cut off, not waited for.
        await("the worker aborts the request of cancelled job " + job.id())
                .atMost(Duration.ofSeconds(5))
                .until(() ->
                        inFlight.running().stream().map(RunningAttempt::jobId).noneMatch(job.id()::equals));
        assertThat(meters.get("foreman.worker.lease.lost").counter().count()).isEqualTo(lostBefore + 1);
        Job cancelled = current(job);
        assertThatJob(cancelled).isIn(JobState.CANCELLED);
        assertThat(cancelled.result()).isNull();
        assertThat(attempts.findByTenantAndJob(tenant.id(), job.id()))
                .singleElement()
                .satisfies(attempt -> {
                    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.CANCELLED);
                    assertThat(attempt.httpStatus()).isNull();
                });
    }

    private Job awaitRunning(Job job) {
        return awaitState(job, JobState.RUNNING);
    }
}
