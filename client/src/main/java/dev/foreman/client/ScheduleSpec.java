package dev.foreman.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A schedule to create, or the changes of a {@code PATCH}: only the fields set are sent.
 *
 * <pre>{@code
 * ScheduleSpec nightly = ScheduleSpec.named("nightly-report").cron("0 3 * * *").timeZone("Europe/Berlin")
 *         .job(JobSpec.to("https://svc.internal/report").type("report").build());
 * }</pre>
 */
public final class ScheduleSpec {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private ScheduleSpec() {}

    public static ScheduleSpec named(String name) {
        return new ScheduleSpec().name(name);
    }

    /** An empty change, for {@link Schedules#update}. */
    public static ScheduleSpec change() {
        return new ScheduleSpec();
    }

    public ScheduleSpec name(String name) {
        fields.put("name", name);
        return this;
    }

    /** Five fields, six with seconds first, or a macro such as {@code @hourly}. */
    public ScheduleSpec cron(String cron) {
        fields.put("cron", cron);
        return this;
    }

    /** An IANA zone such as {@code Europe/Berlin}; UTC when not set. */
    public ScheduleSpec timeZone(String timeZone) {
        fields.put("time_zone", timeZone);
        return this;
    }

    /** The job each fire submits; its idempotency key, run_at and delay are not allowed here. */
    public ScheduleSpec job(JobSpec job) {
        fields.put("job", job.fields());
        return this;
    }

    public ScheduleSpec misfirePolicy(String misfirePolicy) {
        fields.put("misfire_policy", misfirePolicy);
        return this;
    }

    public ScheduleSpec overlapPolicy(String overlapPolicy) {
        fields.put("overlap_policy", overlapPolicy);
        return this;
    }

    /** Another field by its wire name, for settings newer than this client. */
    public ScheduleSpec field(String name, Object value) {
        fields.put(name, value);
        return this;
    }

    Map<String, Object> fields() {
        return fields;
    }
}
