package dev.foreman.api.schedules;

import dev.foreman.api.jobs.JobRequest;

/**
 * A cron schedule as a client sends it (DESIGN §3). {@code POST /v1/schedules} needs {@code name},
 * {@code cron} and {@code job}; {@code PATCH /v1/schedules/{id}} takes any of the fields, keeps
 * those left out (or null) and replaces the whole job when one is given. Policies stay text so a
 * bad one is reported with its field by {@link ScheduleValidator}.
 *
 * @param job what each fire submits: the body of {@code POST /v1/jobs} without {@code run_at},
 *     {@code delay} and {@code idempotency_key}
 */
record ScheduleRequest(
        String name,
        String cron,
        String timeZone,
        JobRequest job,
        String misfirePolicy,
        String overlapPolicy,
        Boolean paused) {

    static final ScheduleRequest PAUSE = new ScheduleRequest(null, null, null, null, null, null, true);
    static final ScheduleRequest RESUME = new ScheduleRequest(null, null, null, null, null, null, false);
}
