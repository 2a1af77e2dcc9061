package dev.foreman.scheduler;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.SqlTime;
import dev.foreman.common.schedule.CronSchedule;
import dev.foreman.common.schedule.FireOutcome;
import dev.foreman.common.schedule.JobTemplate;
import dev.foreman.common.schedule.MisfirePolicy;
import dev.foreman.common.schedule.OverlapPolicy;
import dev.foreman.common.schedule.Schedule;
import dev.foreman.common.schedule.ScheduleRepository;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.jobs.Jobs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A fresh tenant's cron schedules in the shared test database, and what firing them recorded.
 * Every scheduler in the test JVM fires every due schedule, whatever its tenant, so a test deletes
 * its schedules when it ends ({@link #deleteAll()}): left behind, they would be due for another
 * test's clock.
 */
public final class TenantSchedules {
    // No repository reads fire records or a schedule's jobs yet: the API's history view will.
    private static final String FIND_FIRES = """
            SELECT fire_at, job_id, outcome
            FROM schedule_fires
            WHERE schedule_id = :scheduleId
            ORDER BY fire_at
            """;

    private static final String FIND_JOB_IDS = """
            SELECT id
            FROM jobs
            WHERE schedule_id = :scheduleId
            ORDER BY run_at
            """;

    /** One row of {@code schedule_fires}. */
    public record RecordedFire(Instant at, UUID jobId, FireOutcome outcome) {}

    private final JdbcClient jdbc =
            JdbcClient.create(TestInfrastructure.shared().dataSource());
    private final ScheduleRepository schedules = new ScheduleRepository(jdbc);
    private final TenantJobs jobs;
    private final List<Schedule> created = new ArrayList<>();

    public TenantSchedules(String tenantName) {
        this.jobs = new TenantJobs(tenantName);
    }

    public TenantJobs jobs() {
        return jobs;
    }

    public ScheduleRepository repository() {
        return schedules;
    }

    /** A schedule created at {@code now}, next firing when its cron says after that (as the API computes it). */
    public Schedule create(String cron, String zone, MisfirePolicy misfire, OverlapPolicy overlap, Instant now) {
        return createDueAt(
                cron, zone, misfire, overlap, CronSchedule.parse(cron, zone).nextAfter(now), now);
    }

    /** A schedule stored as given, unchecked: its next fire time {@code nextFireAt}. */
    public Schedule createDueAt(
            String cron, String zone, MisfirePolicy misfire, OverlapPolicy overlap, Instant nextFireAt, Instant now) {
        Schedule schedule = new Schedule(
                UUID.randomUUID(),
                jobs.tenantId(),
                "schedule-" + UUID.randomUUID(),
                cron,
                zone,
                JobTemplate.of(Jobs.aJob().inQueue("cron").build()),
                misfire,
                overlap,
                false,
                nextFireAt,
                null,
                now,
                now,
                null);
        Schedule stored = schedules.insert(schedule, now).orElseThrow();
        created.add(stored);
        return stored;
    }

    public Schedule reload(Schedule schedule) {
        return schedules.findByTenantAndId(jobs.tenantId(), schedule.id()).orElseThrow();
    }

    public List<RecordedFire> fires(Schedule schedule) {
        return jdbc.sql(FIND_FIRES)
                .param("scheduleId", schedule.id())
                .query((rs, n) -> new RecordedFire(
                        SqlTime.read(rs, "fire_at"),
                        rs.getObject("job_id", UUID.class),
                        FireOutcome.valueOf(rs.getString("outcome").toUpperCase(Locale.ROOT))))
                .list();
    }

    public List<Instant> fireTimes(Schedule schedule, FireOutcome outcome) {
        return fires(schedule).stream()
                .filter(fire -> fire.outcome() == outcome)
                .map(RecordedFire::at)
                .toList();
    }

    /** The jobs the schedule created, by run time. */
    public List<Job> jobs(Schedule schedule) {
        return jdbc.sql(FIND_JOB_IDS).param("scheduleId", schedule.id()).query(UUID.class).list().stream()
                .map(id ->
                        jobs.repository().findByTenantAndId(jobs.tenantId(), id).orElseThrow())
                .toList();
    }

    /** Deletes every schedule this fixture created (their fire records go with them; their jobs stay). */
    public void deleteAll() {
        created.forEach(schedule -> schedules.delete(jobs.tenantId(), schedule.id()));
        created.clear();
    }
}
