package dev.foreman.scheduler.cron;

import static dev.foreman.common.schedule.FireOutcome.FIRED;
import static dev.foreman.common.schedule.FireOutcome.SKIPPED_MISFIRE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.schedule.CronSchedule;
import dev.foreman.common.schedule.FireOutcome;
import dev.foreman.common.schedule.MisfirePolicy;
import dev.foreman.scheduler.cron.FirePlan.Fire;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The misfire policies on an every-minute schedule whose scheduler was down: its next fire time
 * was {@code T+1m}, and it comes back at {@code T+60m30s}, so 60 fires are due, the last one 30 s
 * late (on time) and the other 59 over a minute late (missed).
 */
class FirePlanTest {
    private static final Instant T = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant BACK = T.plus(Duration.ofMinutes(60)).plusSeconds(30);
    private static final Duration THRESHOLD = Duration.ofMinutes(1);
    private static final CronSchedule EVERY_MINUTE = CronSchedule.parse("* * * * *", "UTC");

    @Test
    void skipRecordsEveryMissedFireAsSkippedAndFiresTheOneOnTime() {
        FirePlan plan = plan(MisfirePolicy.SKIP, 100);

        assertThat(times(plan, SKIPPED_MISFIRE))
                .hasSize(59)
                .startsWith(minute(1))
                .endsWith(minute(59));
        assertThat(times(plan, FIRED)).containsExactly(minute(60));
        assertThat(plan.skippedUnrecorded()).isZero();
        assertThat(plan.next()).isEqualTo(minute(61));
    }

    @Test
    void fireOnceFiresTheLatestMissedFireAndTheOneOnTime() {
        FirePlan plan = plan(MisfirePolicy.FIRE_ONCE, 100);

        assertThat(times(plan, FIRED)).containsExactly(minute(59), minute(60));
        assertThat(times(plan, SKIPPED_MISFIRE))
                .hasSize(58)
                .startsWith(minute(1))
                .endsWith(minute(58));
    }

    @Test
    void fireAllFiresEveryMissedFireInOrder() {
        FirePlan plan = plan(MisfirePolicy.FIRE_ALL, 100);

        assertThat(plan.fires()).extracting(Fire::outcome).containsOnly(FIRED).hasSize(60);
        assertThat(plan.fires()).extracting(Fire::at).isSorted().startsWith(minute(1));
    }

    @Test
    void handlesOnlyTheMostRecentFiresBeyondTheCatchUpBoundAndSkipsTheOlderWithoutARecord() {
        FirePlan plan = plan(MisfirePolicy.FIRE_ALL, 10);

        assertThat(times(plan, FIRED)).hasSize(10).startsWith(minute(51)).endsWith(minute(60));
        assertThat(plan.skippedUnrecorded()).isEqualTo(50);
    }

    @Test
    void aFireExactlyAsLateAsTheThresholdIsStillOnTime() {
        FirePlan plan = FirePlan.plan(EVERY_MINUTE, minute(1), MisfirePolicy.SKIP, minute(2), THRESHOLD, 100);

        assertThat(times(plan, FIRED)).containsExactly(minute(1), minute(2));
    }

    @Test
    void plansNothingBeforeTheNextFireTime() {
        FirePlan plan = FirePlan.plan(
                EVERY_MINUTE, minute(1), MisfirePolicy.FIRE_ALL, minute(1).minusMillis(1), THRESHOLD, 100);

        assertThat(plan.fires()).isEmpty();
        assertThat(plan.next()).isEqualTo(minute(1));
    }

    @Test
    void hasNoNextFireForACronThatNeverFiresAgain() {
        CronSchedule february30th = CronSchedule.parse("0 0 30 2 *", "UTC");

        FirePlan plan = FirePlan.plan(february30th, T, MisfirePolicy.FIRE_ALL, T.plusSeconds(1), THRESHOLD, 100);

        assertThat(times(plan, FIRED)).containsExactly(T);
        assertThat(plan.next()).isNull();
    }

    private static FirePlan plan(MisfirePolicy policy, int maxCatchUp) {
        return FirePlan.plan(EVERY_MINUTE, minute(1), policy, BACK, THRESHOLD, maxCatchUp);
    }

    private static List<Instant> times(FirePlan plan, FireOutcome outcome) {
        return plan.fires().stream()
                .filter(fire -> fire.outcome() == outcome)
                .map(Fire::at)
                .toList();
    }

    private static Instant minute(int n) {
        return T.plus(Duration.ofMinutes(n));
    }
}
