package dev.foreman.api.schedules;

import dev.foreman.common.schedule.CronSchedule;
import dev.foreman.common.schedule.Schedule;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A schedule as every answer of {@code /v1/schedules} shows it. {@code nextFireTimes} are the next
 * five times the cron expression matches after the moment of the answer (none while paused), for a
 * person to check the expression and its zone; {@code nextFireAt} is the fire the scheduler will
 * make next, which lags behind while a missed fire waits for its misfire policy.
 */
record ScheduleDocument(
        UUID id,
        String name,
        String cron,
        String timeZone,
        JobTemplateDocument job,
        String misfirePolicy,
        String overlapPolicy,
        boolean paused,
        Instant nextFireAt,
        List<Instant> nextFireTimes,
        Instant lastFiredAt,
        Instant createdAt,
        Instant updatedAt) {
    static final int NEXT_FIRE_TIMES = 5;

    static ScheduleDocument of(Schedule schedule, Instant now) {
        List<Instant> nextFireTimes = schedule.paused()
                ? List.of()
                : CronSchedule.parse(schedule.cron(), schedule.timeZone()).nextTimes(now, NEXT_FIRE_TIMES);
        return new ScheduleDocument(
                schedule.id(),
                schedule.name(),
                schedule.cron(),
                schedule.timeZone(),
                JobTemplateDocument.of(schedule.jobTemplate()),
                schedule.misfirePolicy().wireName(),
                schedule.overlapPolicy().wireName(),
                schedule.paused(),
                schedule.nextFireAt(),
                nextFireTimes,
                schedule.lastFiredAt(),
                schedule.createdAt(),
                schedule.updatedAt());
    }

    /** As a {@code read_only} key sees it: the job's header names without their values. */
    ScheduleDocument withTargetHeaderValuesHidden() {
        return new ScheduleDocument(
                id,
                name,
                cron,
                timeZone,
                job.withTargetHeaderValuesHidden(),
                misfirePolicy,
                overlapPolicy,
                paused,
                nextFireAt,
                nextFireTimes,
                lastFiredAt,
                createdAt,
                updatedAt);
    }
}
