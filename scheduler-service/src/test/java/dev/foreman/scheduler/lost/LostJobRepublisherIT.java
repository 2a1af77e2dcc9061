package dev.foreman.scheduler.lost;

import static dev.foreman.scheduler.TenantJobs.longAgo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.Job;
import dev.foreman.scheduler.Race;
import dev.foreman.scheduler.TenantJobs;
import dev.foreman.scheduler.TestSchedulerProperties;
import dev.foreman.scheduler.leader.Leadership;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Re-publishing of queued jobs whose Kafka record was lost, against a real Postgres. */
class LostJobRepublisherIT {
    private static final Leadership LEADER = () -> true;

    private final Clock clock = Clock.systemUTC();
    private final MeterRegistry meters = new SimpleMeterRegistry();
    // A new instance per test, so a fresh tenant per test.
    private final TenantJobs jobs = new TenantJobs("republisher-it");

    @Test
    void publishesAgainAJobQueuedLongAgoWhoseKafkaRecordWasLost() {
        Job lost = jobs.insertQueuedSince(longAgo());
        Instant checkedAfter = clock.instant().truncatedTo(ChronoUnit.MILLIS);

        republisher(LEADER, 500).republishLost();
        republisher(LEADER, 500).republishLost(); // a second check must not publish it a second time

        jobs.assertQueuedWithOneOutboxRow(lost);
        assertThat(jobs.queuedAt(lost)).isAfterOrEqualTo(checkedAfter);
        assertThat(meters.get("foreman.scheduler.republished").counter().count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void leavesAnOldJobWhoseOutboxRowIsStillWaitingAlone() {
        Instant queuedAt = longAgo();
        Job waiting = jobs.insertQueuedSince(queuedAt);
        jobs.outbox().enqueueAll(List.of(asDue(waiting)), queuedAt);
        Instant queuedAtAsStored = jobs.queuedAt(waiting);

        republisher(LEADER, 500).republishLost();

        assertThat(jobs.outboxRows(waiting)).isEqualTo(1);
        assertThat(jobs.queuedAt(waiting)).isEqualTo(queuedAtAsStored);
    }

    @Test
    void leavesAJobQueuedForLessThanTheTimeoutAlone() {
        Job young = jobs.insertQueuedSince(clock.instant().minus(Duration.ofMinutes(1)));
        Instant queuedAtAsStored = jobs.queuedAt(young);

        republisher(LEADER, 500).republishLost();

        assertThat(jobs.outboxRows(young)).isZero();
        assertThat(jobs.queuedAt(young)).isEqualTo(queuedAtAsStored);
    }

    @Test
    void republishesNothingWhileItDoesNotLead() {
        Job lost = jobs.insertQueuedSince(longAgo());

        int republished = republisher(() -> false, 500).republishLost();

        assertThat(republished).isZero();
        assertThat(jobs.outboxRows(lost)).isZero();
    }

    @Test
    void twoRepublishersAtOnceRepublishAJobOnce() throws Exception {
        List<Job> lost = IntStream.range(0, 300)
                .mapToObj(i -> jobs.insertQueuedSince(longAgo()))
                .toList();

        Race.run(List.of(republisher(LEADER, 7)::republishLost, republisher(LEADER, 7)::republishLost));

        assertThat(lost).allSatisfy(jobs::assertQueuedWithOneOutboxRow);
    }

    private LostJobRepublisher republisher(Leadership leadership, int batchSize) {
        return new LostJobRepublisher(
                jobs.leaderBatches(leadership),
                jobs.repository(),
                TestSchedulerProperties.defaultsWith("lost-batch-size", String.valueOf(batchSize)),
                meters);
    }

    private static DueJob asDue(Job job) {
        return new DueJob(job.id(), job.tenantId(), job.queue(), job.priority());
    }
}
