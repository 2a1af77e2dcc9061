package dev.foreman.scheduler.cron;

import dev.foreman.common.schedule.CronSchedule;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * A schedule's fire times as the firer uses them: Spring's cron arithmetic, except that a schedule
 * at a fixed time of day fires once when the clocks fall back, not at both occurrences of the
 * repeated local time.
 *
 * <p>Spring's {@code CronExpression} matches local times, so a {@code 30 1 * * *} schedule in
 * {@code America/New_York} would fire at 01:30 EDT and again at 01:30 EST on the night the clocks
 * go back. Like Vixie cron, a schedule whose minute and hour fields have no {@code *} (nor is
 * {@code @hourly}) skips the second occurrence; one with {@code *} in them keeps its rhythm through
 * the repeated hour, because its interval, not a time of day, is what it promises. When the clocks
 * spring forward, Spring skips a fixed time that falls in the gap: such a schedule does not fire
 * that day (left as Spring does it, and documented).
 */
final class FireTimes {
    private final CronSchedule cron;
    private final boolean fixedTimeOfDay;

    private FireTimes(CronSchedule cron, boolean fixedTimeOfDay) {
        this.cron = cron;
        this.fixedTimeOfDay = fixedTimeOfDay;
    }

    static FireTimes of(CronSchedule cron) {
        return new FireTimes(cron, firesAtFixedTimeOfDay(cron.cron()));
    }

    /** The first fire time strictly after {@code after}, or null if the schedule never fires again. */
    Instant nextAfter(Instant after) {
        Instant next = cron.nextAfter(after);
        while (next != null && !isFireTime(next)) {
            next = cron.nextAfter(next);
        }
        return next;
    }

    /**
     * {@code candidate} if it is a fire time, else the next one: a stored next fire time may be
     * one Spring computed, the repeat of a time that already fired.
     */
    Instant firstFrom(Instant candidate) {
        return isFireTime(candidate) ? candidate : nextAfter(candidate);
    }

    private boolean isFireTime(Instant time) {
        return !(fixedTimeOfDay && isSecondOccurrenceOfItsLocalTime(time));
    }

    private boolean isSecondOccurrenceOfItsLocalTime(Instant time) {
        ZonedDateTime local = time.atZone(cron.zone());
        return local.withEarlierOffsetAtOverlap().toInstant().isBefore(time);
    }

    /** Whether neither the minute nor the hour field has a {@code *} (Vixie cron's rule). */
    static boolean firesAtFixedTimeOfDay(String cron) {
        String trimmed = cron.trim();
        if (trimmed.startsWith("@")) {
            return !trimmed.toLowerCase(Locale.ROOT).equals("@hourly");
        }
        String[] fields = trimmed.split("\\s+");
        int minute = fields.length == 6 ? 1 : 0;
        return !fields[minute].contains("*") && !fields[minute + 1].contains("*");
    }
}
