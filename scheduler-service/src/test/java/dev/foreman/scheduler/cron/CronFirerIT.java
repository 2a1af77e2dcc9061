package dev.foreman.scheduler.cron;

import static dev.foreman.common.schedule.FireOutcome.FIRED;
import static dev.foreman.common.schedule.FireOutcome.SKIPPED_MISFIRE;
import static dev.foreman.common.schedule.FireOutcome.SKIPPED_OVERLAP;
import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.foreman.common.id.UuidV7;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobState;
import dev.foreman.common.schedule.FireOutcome;
import dev.foreman.common.schedule.MisfirePolicy;
import dev.foreman.common.schedule.OverlapPolicy;
import dev.foreman.common.schedule.Schedule;
import dev.foreman.common.tracing.Tracing;
import dev.foreman.scheduler.SchedulerProperties;
import dev.foreman.scheduler.TenantSchedules;
import dev.foreman.scheduler.TenantSchedules.RecordedFire;
import dev.foreman.scheduler.TestSchedulerProperties;
import dev.foreman.scheduler.leader.Leadership;
import dev.foreman.testkit.concurrency.Race;
import dev.foreman.testkit.time.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cron firing against a real Postgres, on a clock the test moves. Times are UTC instants with the
 * local time they stand for in a comment. Spring's cron arithmetic skips a fixed time that falls in
 * the spring-forward gap (no fire that day), and {@link dev.foreman.common.schedule.CronSchedule} makes the repeated local time
 * of a fall-back night fire once.
 */
class CronFirerIT {
    private static final Leadership LEADER = () -> true;
    private static final Instant T = Instant.parse("2026-01-05T00:00:00Z");

    private final MutableClock clock = MutableClock.at(T);
    private final MeterRegistry meters = new SimpleMeterRegistry();
    // A new instance per test, so a fresh tenant per test.
    private final TenantSchedules schedules = new TenantSchedules("cron-it");

    @AfterEach
    void deleteSchedules() {
        schedules.deleteAll();
    }

    @Test
    void skipsABerlinDailyJobOnTheDayItsTimeFallsInTheSpringForwardGap() {
        clock.set(Instant.parse("2026-03-27T12:00:00Z"));
        Schedule daily = create("30 2 * * *", "Europe/Berlin", MisfirePolicy.FIRE_ONCE);

        walkUntil(daily, Instant.parse("2026-03-31T12:00:00Z"));

        assertThat(schedules.fires(daily))
                .extracting(RecordedFire::at)
                .containsExactly(
                        Instant.parse("2026-03-28T01:30:00Z"), // 02:30 CET
                        // 2026-03-29: 02:00 CET jumps to 03:00 CEST, there is no 02:30
                        Instant.parse("2026-03-30T00:30:00Z"), // 02:30 CEST
                        Instant.parse("2026-03-31T00:30:00Z"));
        assertEveryFireMadeOneQueuedJobDueAtItsTime(daily);
    }

    @Test
    void firesABerlinDailyJobOnceOnTheNightClocksFallBack() {
        clock.set(Instant.parse("2026-10-23T12:00:00Z"));
        Schedule daily = create("30 2 * * *", "Europe/Berlin", MisfirePolicy.FIRE_ONCE);

        walkUntil(daily, Instant.parse("2026-10-26T12:00:00Z"));

        assertThat(schedules.fires(daily))
                .extracting(RecordedFire::at)
                .containsExactly(
                        Instant.parse("2026-10-24T00:30:00Z"), // 02:30 CEST
                        Instant.parse("2026-10-25T00:30:00Z"), // 02:30 CEST; not again at 02:30 CET (01:30Z)
                        Instant.parse("2026-10-26T01:30:00Z")); // 02:30 CET
        assertEveryFireMadeOneQueuedJobDueAtItsTime(daily);
    }

    @Test
    void skipsANewYorkDailyJobOnTheDayItsTimeFallsInTheSpringForwardGap() {
        clock.set(Instant.parse("2026-03-06T12:00:00Z"));
        Schedule daily = create("30 2 * * *", "America/New_York", MisfirePolicy.FIRE_ONCE);

        walkUntil(daily, Instant.parse("2026-03-09T12:00:00Z"));

        assertThat(schedules.fires(daily))
                .extracting(RecordedFire::at)
                .containsExactly(
                        Instant.parse("2026-03-07T07:30:00Z"), // 02:30 EST
                        // 2026-03-08: 02:00 EST jumps to 03:00 EDT, there is no 02:30
                        Instant.parse("2026-03-09T06:30:00Z")); // 02:30 EDT
        assertEveryFireMadeOneQueuedJobDueAtItsTime(daily);
    }

    @Test
    void firesANewYorkDailyJobOnceOnTheNightClocksFallBack() {
        clock.set(Instant.parse("2026-10-30T12:00:00Z"));
        Schedule daily = create("30 1 * * *", "America/New_York", MisfirePolicy.FIRE_ONCE);

        walkUntil(daily, Instant.parse("2026-11-02T12:00:00Z"));

        assertThat(schedules.fires(daily))
                .extracting(RecordedFire::at)
                .containsExactly(
                        Instant.parse("2026-10-31T05:30:00Z"), // 01:30 EDT
                        Instant.parse("2026-11-01T05:30:00Z"), // 01:30 EDT; not again at 01:30 EST (06:30Z)
                        Instant.parse("2026-11-02T06:30:00Z")); // 01:30 EST
        assertEveryFireMadeOneQueuedJobDueAtItsTime(daily);
    }

    @Test
    void firesAnEveryMinuteScheduleOncePerMinuteAsTheClockMoves() {
        Schedule everyMinute = create("*/1 * * * *", "UTC", MisfirePolicy.FIRE_ONCE);
        CronFirer firer = firer(LEADER, TestSchedulerProperties.bind(Map.of()));

        while (clock.instant().isBefore(T.plus(Duration.ofMinutes(5)).plusSeconds(30))) {
            clock.advance(Duration.ofSeconds(7));
            firer.fireDue();
        }

        assertThat(schedules.fires(everyMinute))
                .extracting(RecordedFire::at)
                .containsExactly(minute(1), minute(2), minute(3), minute(4), minute(5));
        assertEveryFireMadeOneQueuedJobDueAtItsTime(everyMinute);
        assertThat(schedules.reload(everyMinute).nextFireAt()).isEqualTo(minute(6));
        assertThat(schedules.reload(everyMinute).lastFiredAt()).isEqualTo(minute(5));
        assertThat(meters.get("foreman.scheduler.cron.lateness").timer().max(TimeUnit.SECONDS))
                .isLessThan(7);
    }

    @Test
    void skipFiresOnlyTheOnTimeFireAfterTheSchedulerWasDownForAnHour() {
        Schedule schedule = create("* * * * *", "UTC", MisfirePolicy.SKIP);

        backAfterAnHour();

        assertThat(schedules.fireTimes(schedule, FIRED)).containsExactly(minute(60));
        assertThat(schedules.fireTimes(schedule, SKIPPED_MISFIRE))
                .hasSize(59)
                .startsWith(minute(1))
                .endsWith(minute(59));
        assertEveryFireMadeOneQueuedJobDueAtItsTime(schedule);
        assertThat(schedules.reload(schedule).nextFireAt()).isEqualTo(minute(61));
        assertThat(fireCount(SKIPPED_MISFIRE)).isEqualTo(59);
    }

    @Test
    void fireOnceFiresTheLatestMissedFireAndTheOnTimeOneAfterTheSchedulerWasDownForAnHour() {
        Schedule schedule = create("* * * * *", "UTC", MisfirePolicy.FIRE_ONCE);

        backAfterAnHour();

        assertThat(schedules.fireTimes(schedule, FIRED)).containsExactly(minute(59), minute(60));
        assertThat(schedules.fireTimes(schedule, SKIPPED_MISFIRE)).hasSize(58);
        assertEveryFireMadeOneQueuedJobDueAtItsTime(schedule);
    }

    @Test
    void fireAllFiresEveryFireMissedWhileTheSchedulerWasDownForAnHour() {
        Schedule schedule = create("* * * * *", "UTC", MisfirePolicy.FIRE_ALL);

        backAfterAnHour();

        assertThat(schedules.fireTimes(schedule, FIRED))
                .hasSize(60)
                .startsWith(minute(1))
                .endsWith(minute(60));
        assertThat(schedules.fireTimes(schedule, SKIPPED_MISFIRE)).isEmpty();
        assertEveryFireMadeOneQueuedJobDueAtItsTime(schedule);
    }

    @Test
    void fireAllCatchesUpOnlyTheMostRecentFiresBeyondMaxCatchUp() {
        Schedule schedule = create("* * * * *", "UTC", MisfirePolicy.FIRE_ALL);
        clock.set(minute(60).plusSeconds(30));

        firer(LEADER, TestSchedulerProperties.defaultsWith("max-catch-up", "10"))
                .fireDue();

        assertThat(schedules.fireTimes(schedule, FIRED))
                .hasSize(10)
                .startsWith(minute(51))
                .endsWith(minute(60));
        assertThat(schedules.jobs(schedule)).hasSize(10);
        assertThat(fireCount(SKIPPED_MISFIRE))
                .as("older fires skipped without a record")
                .isEqualTo(50);
    }

    @Test
    void skipsAFireWhileThePreviousJobIsStillActiveWithOverlapSkip() {
        Schedule schedule =
                schedules.create("* * * * *", "UTC", MisfirePolicy.FIRE_ONCE, OverlapPolicy.SKIP, clock.instant());
        CronFirer firer = firer(LEADER, TestSchedulerProperties.bind(Map.of()));

        clock.set(minute(1).plusSeconds(5));
        firer.fireDue();
        Job first = schedules.jobs(schedule).getFirst();
        clock.set(minute(2).plusSeconds(5));
        firer.fireDue(); // the first job is still queued
        schedules.jobs().repository().cancel(schedules.jobs().tenantId(), first.id(), clock.instant());
        clock.set(minute(3).plusSeconds(5));
        firer.fireDue();

        assertThat(schedules.fires(schedule))
                .extracting(RecordedFire::at, RecordedFire::outcome)
                .containsExactly(tuple(minute(1), FIRED), tuple(minute(2), SKIPPED_OVERLAP), tuple(minute(3), FIRED));
        assertThat(schedules.jobs(schedule)).extracting(Job::runAt).containsExactly(minute(1), minute(3));
        assertThat(fireCount(SKIPPED_OVERLAP)).isEqualTo(1);
    }

    @Test
    void overlapSkipFiresOnlyTheFirstOfSeveralFiresDueInOneRound() {
        Schedule schedule =
                schedules.create("* * * * *", "UTC", MisfirePolicy.FIRE_ALL, OverlapPolicy.SKIP, clock.instant());

        backAfterAnHour();

        assertThat(schedules.fireTimes(schedule, FIRED)).containsExactly(minute(1));
        assertThat(schedules.fireTimes(schedule, SKIPPED_OVERLAP)).hasSize(59);
    }

    @Test
    void twoFirersLeadingAtOnceFireEachTimeOnce() throws Exception {
        List<Schedule> due = IntStream.range(0, 30)
                .mapToObj(i -> create("* * * * *", "UTC", MisfirePolicy.FIRE_ALL))
                .toList();
        clock.set(minute(10).plusSeconds(30));
        SchedulerProperties smallBatches = TestSchedulerProperties.defaultsWith("cron-batch-size", "3");

        Race.run(List.of(firer(LEADER, smallBatches)::fireDue, firer(LEADER, smallBatches)::fireDue));

        assertThat(due).allSatisfy(schedule -> {
            assertThat(schedules.fireTimes(schedule, FIRED)).hasSize(10);
            assertEveryFireMadeOneQueuedJobDueAtItsTime(schedule);
        });
    }

    @Test
    void aFireAnotherLeaderAlreadyRecordedMakesNoSecondJob() {
        Schedule schedule = create("* * * * *", "UTC", MisfirePolicy.FIRE_ONCE);
        UUID othersJob = UUID.randomUUID();
        // Another leader recorded the fire at minute 1 but has not moved the schedule on yet.
        schedules.repository().recordFire(schedule.id(), minute(1), othersJob, FIRED, minute(1));
        clock.set(minute(1).plusSeconds(5));

        firer(LEADER, TestSchedulerProperties.bind(Map.of())).fireDue();

        assertThat(schedules.fires(schedule))
                .singleElement()
                .satisfies(fire -> assertThat(fire.jobId()).isEqualTo(othersJob));
        assertThat(schedules.jobs(schedule)).isEmpty();
        assertThat(schedules.reload(schedule).nextFireAt()).isEqualTo(minute(2));
    }

    @Test
    void firesNothingWhileItDoesNotLead() {
        Schedule schedule = create("* * * * *", "UTC", MisfirePolicy.FIRE_ONCE);
        clock.set(minute(1).plusSeconds(5));

        int fired = firer(() -> false, TestSchedulerProperties.bind(Map.of())).fireDue();

        assertThat(fired).isZero();
        assertThat(schedules.fires(schedule)).isEmpty();
        assertThat(schedules.reload(schedule).nextFireAt()).isEqualTo(minute(1));
    }

    @Test
    void aScheduleThatCannotBeFiredDoesNotHoldUpTheOthers() {
        Schedule broken = schedules.createDueAt(
                "not a cron", "UTC", MisfirePolicy.FIRE_ONCE, OverlapPolicy.ALLOW, minute(1), clock.instant());
        Schedule healthy = create("* * * * *", "UTC", MisfirePolicy.FIRE_ONCE);
        clock.set(minute(1).plusSeconds(5));

        firer(LEADER, TestSchedulerProperties.bind(Map.of())).fireDue();

        assertThat(schedules.fireTimes(healthy, FIRED)).containsExactly(minute(1));
        assertThat(schedules.fires(broken)).isEmpty();
        assertThat(schedules.reload(broken).nextFireAt()).isEqualTo(minute(1));
        assertThat(meters.get("foreman.scheduler.cron.failures").counter().count())
                .isEqualTo(1);
    }

    @Test
    void pausesAScheduleWhoseCronHasNoFireTimeLeftRatherThanFailEveryRound() {
        Schedule february30th = schedules.createDueAt(
                "0 0 30 2 *", "UTC", MisfirePolicy.FIRE_ONCE, OverlapPolicy.ALLOW, minute(1), clock.instant());
        clock.set(minute(1).plusSeconds(5));

        firer(LEADER, TestSchedulerProperties.bind(Map.of())).fireDue();

        Schedule after = schedules.reload(february30th);
        assertThat(after.paused()).isTrue();
        assertThat(after.nextFireAt()).isNull();
        assertThat(after.lastFiredAt()).isEqualTo(minute(1));
    }

    /**
     * Moves the clock through every fire time the schedule names until {@code until}, with a round
     * a second before each (nothing may fire early) and one five seconds after it, as a live
     * scheduler's rounds would see them.
     */
    private void walkUntil(Schedule schedule, Instant until) {
        CronFirer firer = firer(LEADER, TestSchedulerProperties.bind(Map.of()));
        for (int fires = 0; ; fires++) {
            Instant next = schedules.reload(schedule).nextFireAt();
            if (next.isAfter(until)) {
                return;
            }
            assertThat(fires).as("fires walked through").isLessThan(50);
            clock.set(next.minusSeconds(1));
            firer.fireDue();
            assertThat(schedules.reload(schedule).nextFireAt())
                    .as("nothing fires before its time")
                    .isEqualTo(next);
            clock.set(next.plusSeconds(5));
            firer.fireDue();
        }
    }

    /** The scheduler comes back at minute 60:30 after its last round at T: the schedule's 60 fires are due. */
    private void backAfterAnHour() {
        clock.set(minute(60).plusSeconds(30));
        firer(LEADER, TestSchedulerProperties.bind(Map.of())).fireDue();
    }

    private void assertEveryFireMadeOneQueuedJobDueAtItsTime(Schedule schedule) {
        List<RecordedFire> fired = schedules.fires(schedule).stream()
                .filter(fire -> fire.outcome() == FIRED)
                .toList();
        List<Job> jobs = schedules.jobs(schedule);
        assertThat(jobs)
                .extracting(Job::id)
                .containsExactlyInAnyOrderElementsOf(
                        fired.stream().map(RecordedFire::jobId).toList());
        assertThat(jobs)
                .extracting(Job::runAt)
                .containsExactlyElementsOf(fired.stream().map(RecordedFire::at).toList());
        assertThat(jobs).allSatisfy(job -> {
            assertThatJob(job).isIn(JobState.QUEUED);
            assertThat(job.scheduleId()).isEqualTo(schedule.id());
            assertThat(schedules.jobs().outboxRows(job))
                    .as("outbox rows of %s", job.id())
                    .isEqualTo(1);
        });
    }

    private Schedule create(String cron, String zone, MisfirePolicy misfire) {
        return schedules.create(cron, zone, misfire, OverlapPolicy.ALLOW, clock.instant());
    }

    private CronFirer firer(Leadership leadership, SchedulerProperties properties) {
        return new CronFirer(
                schedules.jobs().leaderBatches(leadership, clock),
                schedules.jobs().transactions(),
                schedules.repository(),
                schedules.jobs().repository(),
                new UuidV7(Clock.systemUTC()),
                properties,
                Tracing.off(),
                meters);
    }

    private double fireCount(FireOutcome outcome) {
        return meters.get("foreman.scheduler.cron.fires")
                .tag("outcome", outcome.wireName())
                .counter()
                .count();
    }

    private static Instant minute(int n) {
        return T.plus(Duration.ofMinutes(n));
    }
}
