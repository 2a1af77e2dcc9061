package dev.foreman.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobAttempt;
import dev.foreman.common.job.JobAttemptRepository;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.JobBuilder;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.target.StubTarget;
import dev.foreman.worker.attempt.InFlightAttempts;
import dev.foreman.worker.attempt.RunningAttempt;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Leases after the claim, on real Postgres and Kafka: the heartbeat keeps the lease of an attempt
 * that outlives its initial lease ahead of the reaper, and aborts the request of a job a person
 * cancelled while it ran.
 *
 * <p>The worker runs on a clock the test moves forward, so "the attempt outlived its initial
 * lease" takes a second instead of the job's whole timeout. The HTTP request itself runs on real
 * time, as always.
 */
@SpringBootTest(
        properties = {
            // Its own group, so other test classes' workers never take this class's records.
            "foreman.worker.consumer-group=heartbeat-it-${random.uuid}",
            "foreman.worker.lease-margin=4s",
            "foreman.worker.heartbeat-interval=100ms",
            "foreman.worker.shutdown-grace=1s"
        })
// Stops this worker after the class, so it does not claim other classes' jobs.
@DirtiesContext
class HeartbeatIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(4);
    // Less than the margin, so a live worker's lease is never overtaken between two beats, and more
    // than half of it, so the lease is running out after each step and the heartbeat renews it.
    private static final Duration STEP = LEASE_MARGIN.multipliedBy(3).dividedBy(4);

    private static StandInRelay relay;

    @Autowired
    private JobRepository jobs;

    @Autowired
    private JobAttemptRepository attempts;

    @Autowired
    private InFlightAttempts inFlight;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private AdjustableClock clock;

    private final StandInReaper reaper = new StandInReaper();
    private TestTenant tenant;
    private StubTarget target;

    @TestConfiguration
    static class MovableTime {
        @Bean
        AdjustableClock clock() {
            return new AdjustableClock();
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.registerSpringProperties(registry);
    }

    @BeforeAll
    static void connectToKafka() {
        relay = new StandInRelay();
    }

    @AfterAll
    static void disconnectFromKafka() {
        relay.close();
    }

    @BeforeEach
    void newTenantAndTarget() {
        tenant = TestInfrastructure.shared().createTenant("heartbeat-it");
        target = StubTarget.start();
    }

    @AfterEach
    void closeTarget() {
        target.close();
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
            clock.advance(STEP);
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
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.result()).isNull();
        assertThat(attempts.findByTenantAndJob(tenant.id(), job.id()))
                .singleElement()
                .satisfies(attempt -> {
                    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.CANCELLED);
                    assertThat(attempt.httpStatus()).isNull();
                });
    }

    private Job insertQueued(JobBuilder job) {
        List<Job> inserted = jobs.insertAllSkippingKnownIdempotencyKeys(
                tenant.id(), List.of(job.targeting(target.url("/hook")).build()), clock.instant());
        assertThat(inserted).singleElement().extracting(Job::state).isEqualTo(JobState.QUEUED);
        return inserted.getFirst();
    }

    private Job current(Job job) {
        return jobs.findByTenantAndId(tenant.id(), job.id()).orElseThrow();
    }

    private Job awaitRunning(Job job) {
        return awaitState(job, JobState.RUNNING);
    }

    private Job awaitState(Job job, JobState state) {
        return await("job " + job.id() + " " + state.wireName())
                .atMost(PATIENCE)
                .until(() -> current(job), j -> j.state() == state);
    }
}
