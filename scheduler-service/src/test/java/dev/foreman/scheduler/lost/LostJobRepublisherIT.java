package dev.foreman.scheduler.lost;

import static dev.foreman.scheduler.TenantJobs.longAgo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.Priority;
import dev.foreman.scheduler.TenantJobs;
import dev.foreman.scheduler.TestSchedulerProperties;
import dev.foreman.scheduler.leader.Leadership;
import dev.foreman.testkit.concurrency.Race;
import dev.foreman.testkit.jobs.Jobs;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Re-publishing of queued jobs whose Kafka record was lost, against a real Postgres; how far the
 * workers have read is given (see {@code KafkaWorkerProgressIT} for reading it from Kafka).
 */
class LostJobRepublisherIT {
    private static final Leadership LEADER = () -> true;
    private static final WorkerProgress CAUGHT_UP = time -> EnumSet.allOf(Priority.class);

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
        Job waiting = jobs.insert(Jobs.aJob().dueAt(queuedAt), queuedAt);
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

    @Test
    void leavesOldJobsAloneWhileTheWorkersHaveNotReadPastTheirRecords() {
        Job waiting = jobs.insertQueuedSince(longAgo());
        Instant queuedAtAsStored = jobs.queuedAt(waiting);

        int republished =
                republisher(LEADER, time -> EnumSet.noneOf(Priority.class), 500).republishLost();

        assertThat(republished).isZero();
        assertThat(jobs.outboxRows(waiting)).isZero();
        assertThat(jobs.queuedAt(waiting)).isEqualTo(queuedAtAsStored);
        assertThat(meters.get("foreman.scheduler.republish.deferred").counter().count())
                .isEqualTo(1);
    }

    @Test
    void publishesAgainOnlyTheJobsOfPrioritiesWhoseTopicTheWorkersHaveRead() {
        Job lostHigh = jobs.insertQueuedSince(Jobs.aJob().withPriority(Priority.HIGH), longAgo());
        Job waitingLow = jobs.insertQueuedSince(Jobs.aJob().withPriority(Priority.LOW), longAgo());

        republisher(LEADER, time -> EnumSet.of(Priority.HIGH, Priority.NORMAL), 500)
                .republishLost();

        jobs.assertQueuedWithOneOutboxRow(lostHigh);
        assertThat(jobs.outboxRows(waitingLow)).isZero();
    }

    @Test
    void asksHowFarTheWorkersHaveReadAsOfHalfTheQueuedTimeoutAgo() {
        List<Instant> asked = new ArrayList<>();
        Instant before = clock.instant();

        republisher(
                        LEADER,
                        time -> {
                            asked.add(time);
                            return EnumSet.allOf(Priority.class);
                        },
                        500)
                .republishLost();

        Duration halfTimeout =
                TestSchedulerProperties.bind(Map.of()).queuedTimeout().dividedBy(2);
        assertThat(asked)
                .singleElement()
                .satisfies(time -> assertThat(time)
                        .isBetween(before.minus(halfTimeout), clock.instant().minus(halfTimeout)));
    }

    @Test
    void asksNothingOfKafkaWhileItDoesNotLead() {
        List<Instant> asked = new ArrayList<>();

        republisher(
                        () -> false,
                        time -> {
                            asked.add(time);
                            return EnumSet.allOf(Priority.class);
                        },
                        500)
                .republishLost();

        assertThat(asked).isEmpty();
    }

    private LostJobRepublisher republisher(Leadership leadership, int batchSize) {
        return republisher(leadership, CAUGHT_UP, batchSize);
    }

    private LostJobRepublisher republisher(Leadership leadership, WorkerProgress workers, int batchSize) {
        return new LostJobRepublisher(
                leadership,
                jobs.leaderBatches(leadership),
                jobs.repository(),
                workers,
                TestSchedulerProperties.defaultsWith("lost-batch-size", String.valueOf(batchSize)),
                clock,
                meters);
    }
}
