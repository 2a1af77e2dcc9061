package dev.foreman.common.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.scheduling.support.CronExpression;

/**
 * A cron expression in a time zone, computing fire times. Standard 5-field cron (minute hour
 * day-of-month month day-of-week) and the macros {@code @yearly @monthly @weekly @daily @midnight
 * @hourly}; 6 fields (with seconds first) are accepted too. Parsing and daylight-saving arithmetic
 * are Spring's {@link CronExpression}; this class only adapts 5-field expressions and zones.
 */
public final class CronSchedule {
    private final String cron;
    private final ZoneId zone;
    private final CronExpression expression;

    private CronSchedule(String cron, ZoneId zone, CronExpression expression) {
        this.cron = cron;
        this.zone = zone;
        this.expression = expression;
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
        ZonedDateTime next = expression.next(after.atZone(zone));
        return next == null ? null : next.toInstant();
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
