package dev.foreman.api.schedules;

import dev.foreman.api.ApiProperties;
import dev.foreman.api.jobs.SubmissionValidator;
import dev.foreman.api.problem.FieldErrors;
import dev.foreman.common.id.UuidV7;
import dev.foreman.common.schedule.CronSchedule;
import dev.foreman.common.schedule.JobTemplate;
import dev.foreman.common.schedule.MisfirePolicy;
import dev.foreman.common.schedule.OverlapPolicy;
import dev.foreman.common.schedule.Schedule;
import dev.foreman.common.wire.WireNamed;
import dev.foreman.common.wire.WireNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Turns schedule requests into {@link Schedule}s ready to store: fills the defaults, checks every
 * field (the job through {@link SubmissionValidator}, so a schedule accepts exactly the jobs the
 * API accepts) and reports all invalid ones at once. It also sets {@code next_fire_at}: the first
 * fire time after now for a new, resumed or re-timed schedule, none while paused.
 */
@Component
class ScheduleValidator {
    static final int MAX_NAME_LENGTH = 200;
    static final String DEFAULT_TIME_ZONE = "UTC";
    static final MisfirePolicy DEFAULT_MISFIRE_POLICY = MisfirePolicy.FIRE_ONCE;
    static final OverlapPolicy DEFAULT_OVERLAP_POLICY = OverlapPolicy.ALLOW;

    /** Valid in every zone; lets a zone be checked on its own (see {@link #cronSchedule}). */
    private static final String ANY_VALID_CRON = "@daily";

    /** How many coming fires the shortest interval of a cron is measured over. */
    static final int INTERVAL_SAMPLE = 120;

    private static final Duration FREQUENT = Duration.ofMinutes(1);

    private final SubmissionValidator jobs;
    private final UuidV7 ids;
    private final Duration minCronInterval;
    private final Counter frequent;

    ScheduleValidator(SubmissionValidator jobs, UuidV7 ids, ApiProperties properties, MeterRegistry meters) {
        this.jobs = jobs;
        this.ids = ids;
        this.minCronInterval = properties.limits().minCronInterval();
        this.frequent = Counter.builder("foreman.api.schedules.frequent")
                .description("Schedules created or re-timed with a cron that fires more often than once a minute"
                        + " (allowed down to foreman.api.limits.min-cron-interval)")
                .register(meters);
    }

    /**
     * Refuses a cron whose fires come closer together than {@code foreman.api.limits.min-cron-interval},
     * measured over its next {@value #INTERVAL_SAMPLE} fires; counts the ones under a minute.
     */
    private void checkInterval(CronSchedule cron, Instant now, FieldErrors errors) {
        if (cron == null) {
            return;
        }
        List<Instant> fires = cron.nextTimes(now, INTERVAL_SAMPLE);
        Duration shortest = null;
        for (int i = 1; i < fires.size(); i++) {
            Duration gap = Duration.between(fires.get(i - 1), fires.get(i));
            shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
        }
        if (shortest == null) {
            return;
        }
        if (shortest.compareTo(minCronInterval) < 0) {
            errors.reject(
                    "cron",
                    "fires every " + shortest.toSeconds() + "s at its closest; schedules may fire at most every "
                            + minCronInterval.toSeconds() + "s (foreman.api.limits.min-cron-interval)");
        } else if (shortest.compareTo(FREQUENT) < 0) {
            frequent.increment();
        }
    }

    /** A new schedule of the tenant from {@code POST /v1/schedules}. */
    Schedule validateNew(UUID tenantId, ScheduleRequest request, Instant now) {
        FieldErrors errors = FieldErrors.root();
        if (request.name() == null) {
            errors.reject(
                    "name",
                    "is required: a name of 1 to " + MAX_NAME_LENGTH + " characters, unique among"
                            + " this tenant's schedules");
        } else {
            checkName(request.name(), errors);
        }
        String timeZone = request.timeZone() == null ? DEFAULT_TIME_ZONE : request.timeZone();
        CronSchedule cron = null;
        if (request.cron() == null) {
            errors.reject("cron", "is required: 5 fields like \"*/5 * * * *\" or a macro like \"@hourly\"");
        } else {
            cron = cronSchedule(request.cron(), timeZone, now, errors);
            checkInterval(cron, now, errors);
        }
        JobTemplate template = null;
        if (request.job() == null) {
            errors.reject(
                    "job",
                    "is required: the job each fire submits, as the body of POST /v1/jobs without run_at, delay"
                            + " and idempotency_key");
        } else {
            template = jobs.validateTemplate(request.job(), now, errors.at("job"));
        }
        MisfirePolicy misfirePolicy = request.misfirePolicy() == null
                ? DEFAULT_MISFIRE_POLICY
                : misfirePolicy(request.misfirePolicy(), errors);
        OverlapPolicy overlapPolicy = request.overlapPolicy() == null
                ? DEFAULT_OVERLAP_POLICY
                : overlapPolicy(request.overlapPolicy(), errors);
        boolean paused = Boolean.TRUE.equals(request.paused());
        errors.throwIfAny();
        return new Schedule(
                ids.next(),
                tenantId,
                request.name(),
                cron.cron(),
                cron.zone().getId(),
                template,
                misfirePolicy,
                overlapPolicy,
                paused,
                paused ? null : cron.nextAfter(now),
                null,
                now,
                now,
                null);
    }

    /**
     * The schedule after {@code PATCH /v1/schedules/{id}} (or a pause or resume). A changed cron or
     * zone, or a resume, moves {@code next_fire_at} to the first fire time after now; otherwise the
     * schedule keeps its next fire.
     */
    Schedule validateChange(Schedule current, ScheduleRequest change, Instant now) {
        FieldErrors errors = FieldErrors.root();
        String name = current.name();
        if (change.name() != null) {
            name = change.name();
            checkName(name, errors);
        }
        String cronText = change.cron() == null ? current.cron() : change.cron();
        String timeZone = change.timeZone() == null ? current.timeZone() : change.timeZone();
        boolean retimed = !cronText.equals(current.cron()) || !timeZone.equals(current.timeZone());
        CronSchedule cron = cronSchedule(cronText, timeZone, now, errors);
        if (retimed) {
            checkInterval(cron, now, errors);
        }
        JobTemplate template = change.job() == null
                ? current.jobTemplate()
                : jobs.validateTemplate(change.job(), now, errors.at("job"));
        MisfirePolicy misfirePolicy = change.misfirePolicy() == null
                ? current.misfirePolicy()
                : misfirePolicy(change.misfirePolicy(), errors);
        OverlapPolicy overlapPolicy = change.overlapPolicy() == null
                ? current.overlapPolicy()
                : overlapPolicy(change.overlapPolicy(), errors);
        boolean paused = change.paused() == null ? current.paused() : change.paused();
        errors.throwIfAny();
        Instant nextFireAt;
        if (paused) {
            nextFireAt = null;
        } else if (retimed || current.paused()) {
            nextFireAt = cron.nextAfter(now);
        } else {
            nextFireAt = current.nextFireAt();
        }
        return new Schedule(
                current.id(),
                current.tenantId(),
                name,
                cron.cron(),
                cron.zone().getId(),
                template,
                misfirePolicy,
                overlapPolicy,
                paused,
                nextFireAt,
                current.lastFiredAt(),
                current.createdAt(),
                now,
                current.traceparent());
    }

    private static void checkName(String name, FieldErrors errors) {
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
            errors.reject("name", "must be 1 to " + MAX_NAME_LENGTH + " characters without control characters");
        }
    }

    /**
     * The cron expression in its zone, or null after reporting what is wrong. {@link
     * CronSchedule#parse} throws the same exception for a bad expression and a bad zone, so the
     * zone is tried first with an expression that is always valid: each message then lands on its
     * own field, and both are reported when both are wrong.
     */
    private static CronSchedule cronSchedule(String cron, String timeZone, Instant now, FieldErrors errors) {
        boolean zoneValid = true;
        try {
            CronSchedule.parse(ANY_VALID_CRON, timeZone);
        } catch (IllegalArgumentException e) {
            errors.reject("time_zone", e.getMessage());
            zoneValid = false;
        }
        CronSchedule parsed;
        try {
            parsed = CronSchedule.parse(cron, zoneValid ? timeZone : DEFAULT_TIME_ZONE);
        } catch (IllegalArgumentException e) {
            errors.reject("cron", e.getMessage());
            return null;
        }
        if (parsed.nextAfter(now) == null) {
            errors.reject(
                    "cron",
                    "cron \"" + cron + "\" never fires (no date matches it); check the day-of-month and month"
                            + " fields");
            return null;
        }
        return zoneValid ? parsed : null;
    }

    private static MisfirePolicy misfirePolicy(String value, FieldErrors errors) {
        return oneOf(MisfirePolicy.class, "misfire_policy", value, DEFAULT_MISFIRE_POLICY, errors);
    }

    private static OverlapPolicy overlapPolicy(String value, FieldErrors errors) {
        return oneOf(OverlapPolicy.class, "overlap_policy", value, DEFAULT_OVERLAP_POLICY, errors);
    }

    /** The constant {@code value} names, or {@code fallback} after rejecting the field. */
    private static <E extends Enum<E> & WireNamed> E oneOf(
            Class<E> type, String field, String value, E fallback, FieldErrors errors) {
        Optional<E> named = WireNames.find(type, value);
        if (named.isEmpty()) {
            errors.reject(field, "must be one of " + WireNames.list(type));
        }
        return named.orElse(fallback);
    }
}
