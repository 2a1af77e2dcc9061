package dev.foreman.common.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.scheduling.support.CronExpression;

/**
 * A cron expression in a time zone, computing fire times. Standard 5-field cron (minute hour
 * day-of-month month day-of-week) and the macros {@code @yearly @monthly @weekly @daily @midnight
 * @hourly}; 6 fields (with seconds first) are accepted too. Parsing and daylight-saving arithmetic
 * are Spring's {@link CronExpression}, with one correction.
 *
 * <p>Spring matches local times, so a {@code 30 1 * * *} schedule in {@code America/New_York}
 * would fire at 01:30 EDT and again at 01:30 EST on the night the clocks go back. Like Vixie cron,
 * a schedule whose minute and hour fields have no {@code *} (nor is {@code @hourly}) skips the
 * second occurrence; one with {@code *} there keeps its rhythm through the repeated hour, because
 * its interval, not a time of day, is what it promises. When the clocks spring forward, Spring
 * skips a fixed time that falls in the gap: such a schedule does not fire that day.
 */
public final class CronSchedule {
    private final String cron;
    private final ZoneId zone;
    private final CronExpression expression;
    private final boolean fixedTimeOfDay;

    private CronSchedule(String cron, ZoneId zone, CronExpression expression) {
        this.cron = cron;
        this.zone = zone;
        this.expression = expression;
        this.fixedTimeOfDay = firesAtFixedTimeOfDay(cron);
    }

    /**
     * @throws IllegalArgumentException with a message a caller can act on, for a bad expression or zone
     */
    public static CronSchedule parse(String cron, String timeZone) {
        if (cron == null || cron.isBlank()) {
            throw new IllegalArgumentException(
                    "cron must not be empty; use 5 fields like \"*/5 * * * *\" or a macro like \"@hourly\"");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone == null ? "UTC" : timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("time_zone \"" + timeZone
                    + "\" is not an IANA time zone; use a name like \"Europe/Berlin\" or \"UTC\"");
        }
        String trimmed = cron.trim();
        int fields = trimmed.startsWith("@") ? 0 : trimmed.split("\\s+").length;
        if (fields != 0 && fields != 5 && fields != 6) {
            throw new IllegalArgumentException("cron \"" + cron + "\" has " + fields
                    + " fields; use 5 (minute hour day-of-month month day-of-week), 6 (with seconds first) or a macro");
        }
        try {
            CronExpression expression = CronExpression.parse(fields == 5 ? "0 " + trimmed : trimmed);
            return new CronSchedule(trimmed, zone, expression);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron \"" + cron + "\" is not valid: " + e.getMessage());
        }
    }

    /** The first fire time strictly after {@code after}, or null if the expression never fires again. */
    public Instant nextAfter(Instant after) {
        Instant next = springNextAfter(after);
        while (next != null && !isFireTime(next)) {
            next = springNextAfter(next);
        }
        return next;
    }

    /**
     * {@code candidate} if it is a fire time, else the next one: a stored next fire time may be one
     * computed before this rule, the repeat of a time that already fired.
     */
    public Instant firstFrom(Instant candidate) {
        return isFireTime(candidate) ? candidate : nextAfter(candidate);
    }

    private Instant springNextAfter(Instant after) {
        ZonedDateTime next = expression.next(after.atZone(zone));
        return next == null ? null : next.toInstant();
    }

    private boolean isFireTime(Instant time) {
        return !(fixedTimeOfDay && isSecondOccurrenceOfItsLocalTime(time));
    }

    private boolean isSecondOccurrenceOfItsLocalTime(Instant time) {
        ZonedDateTime local = time.atZone(zone);
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

    /** Up to {@code count} fire times strictly after {@code after}, in order. */
    public List<Instant> nextTimes(Instant after, int count) {
        List<Instant> times = new ArrayList<>(count);
        Instant cursor = after;
        while (times.size() < count) {
            cursor = nextAfter(cursor);
            if (cursor == null) {
                break;
            }
            times.add(cursor);
        }
        return times;
    }

    public String cron() {
        return cron;
    }

    public ZoneId zone() {
        return zone;
    }
}
