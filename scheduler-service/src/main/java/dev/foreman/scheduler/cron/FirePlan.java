package dev.foreman.scheduler.cron;

import dev.foreman.common.schedule.CronSchedule;
import dev.foreman.common.schedule.FireOutcome;
import dev.foreman.common.schedule.MisfirePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What one round does about a due schedule: which of its fire times up to now fire and which are
 * skipped as misfires, and when it fires next. Overlap is decided later, against the database.
 *
 * <p>A fire at most the misfire threshold late is on time and fires whatever the policy. An older
 * one was missed (no scheduler ran, or none could reach the database), and the misfire policy
 * decides: {@code skip} fires none of them, {@code fire_once} fires the latest and skips the
 * others, {@code fire_all} fires each. Only the most recent {@code maxCatchUp} due fires are
 * handled one by one; older ones are skipped without a record, so a long outage of a frequent
 * schedule costs one bounded round rather than a flood of jobs or rows.
 *
 * @param fires the fire times to record, oldest first, each with what should become of it
 * @param skippedUnrecorded how many due fires older than all of {@code fires} are skipped without a
 *     record
 * @param next the schedule's next fire time after now, or null if it never fires again
 */
record FirePlan(List<Fire> fires, long skippedUnrecorded, Instant next) {

    /** One fire time and what becomes of it. */
    record Fire(Instant at, FireOutcome outcome) {}

    static FirePlan plan(
            CronSchedule times,
            Instant nextFireAt,
            MisfirePolicy policy,
            Instant now,
            Duration misfireThreshold,
            int maxCatchUp) {
        Deque<Instant> recent = new ArrayDeque<>(maxCatchUp);
        long older = 0;
        for (Instant due = times.firstFrom(nextFireAt); due != null && !due.isAfter(now); due = times.nextAfter(due)) {
            if (recent.size() == maxCatchUp) {
                recent.removeFirst();
                older++;
            }
            recent.addLast(due);
        }
        Instant missedBefore = now.minus(misfireThreshold);
        Instant latestMissed = recent.stream()
                .filter(at -> at.isBefore(missedBefore))
                .reduce((first, second) -> second)
                .orElse(null);
        List<Fire> fires = new ArrayList<>(recent.size());
        for (Instant at : recent) {
            boolean onTime = !at.isBefore(missedBefore);
            boolean fire = onTime || firesMissed(policy, at, latestMissed);
            fires.add(new Fire(at, fire ? FireOutcome.FIRED : FireOutcome.SKIPPED_MISFIRE));
        }
        return new FirePlan(List.copyOf(fires), older, times.nextAfter(now));
    }

    private static boolean firesMissed(MisfirePolicy policy, Instant missed, Instant latestMissed) {
        return switch (policy) {
            case SKIP -> false;
            case FIRE_ONCE -> missed.equals(latestMissed);
            case FIRE_ALL -> true;
        };
    }
}
