package dev.foreman.api.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.foreman.api.ApiProperties;
import dev.foreman.api.ApiPropertiesFixtures;
import dev.foreman.api.jobs.JobRequest;
import dev.foreman.api.jobs.SubmissionValidator;
import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.InvalidField;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.id.UuidV7;
import dev.foreman.common.job.Priority;
import dev.foreman.common.schedule.MisfirePolicy;
import dev.foreman.common.schedule.OverlapPolicy;
import dev.foreman.common.schedule.Schedule;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ScheduleValidatorTest {
    private static final Instant NOW = Instant.parse("2026-03-10T10:17:23Z");
    private static final UUID TENANT = UUID.fromString("0190e7a0-0000-7000-8000-000000000001");
    private static final JobRequest JOB = job("https://svc.internal/hooks/report");

    private final UuidV7 ids = new UuidV7(Clock.fixed(NOW, ZoneOffset.UTC));
    private final ScheduleValidator validator = new ScheduleValidator(
            new SubmissionValidator(ApiPropertiesFixtures.defaults(), ids),
            ids,
            ApiPropertiesFixtures.defaults(),
            new SimpleMeterRegistry());

    @Test
    void fillsTheDefaultsAndFiresFirstAtTheNextMatchAfterNow() {
        Schedule schedule = validator.validateNew(TENANT, request("report", "*/15 * * * *", null), NOW);

        assertThat(schedule.tenantId()).isEqualTo(TENANT);
        assertThat(schedule.timeZone()).isEqualTo("UTC");
        assertThat(schedule.misfirePolicy()).isEqualTo(MisfirePolicy.FIRE_ONCE);
        assertThat(schedule.overlapPolicy()).isEqualTo(OverlapPolicy.ALLOW);
        assertThat(schedule.paused()).isFalse();
        assertThat(schedule.nextFireAt()).isEqualTo(Instant.parse("2026-03-10T10:30:00Z"));
        assertThat(schedule.lastFiredAt()).isNull();
        assertThat(schedule.jobTemplate().queue()).isEqualTo("default");
        assertThat(schedule.jobTemplate().priority()).isEqualTo(Priority.NORMAL);
        assertThat(schedule.jobTemplate().timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void firesAtTheLocalTimeOfTheScheduleZone() {
        Schedule schedule = validator.validateNew(TENANT, request("berlin", "0 9 * * *", "Europe/Berlin"), NOW);

        assertThat(schedule.nextFireAt())
                .as("09:00 in Berlin is 08:00 UTC before the clocks change on 29 March")
                .isEqualTo(Instant.parse("2026-03-11T08:00:00Z"));
    }

    @Test
    void keepsNoNextFireForAPausedSchedule() {
        ScheduleRequest paused = new ScheduleRequest("paused", "@hourly", null, JOB, null, null, true);

        assertThat(validator.validateNew(TENANT, paused, NOW).nextFireAt()).isNull();
    }

    @Test
    void reportsABadCronAndABadZoneEachOnItsOwnField() {
        assertThat(problem(request("x", "0 25 * * *", "UTC")).errors())
                .extracting(InvalidField::field)
                .containsExactly("cron");
        assertThat(problem(request("x", "0 9 * * *", "Europe/Atlantis")).errors())
                .extracting(InvalidField::field)
                .containsExactly("time_zone");
        assertThat(problem(request("x", "0 9 * *", "Europe/Atlantis")).errors())
                .extracting(InvalidField::field)
                .containsExactlyInAnyOrder("cron", "time_zone");
    }

    @Test
    void refusesACronThatNeverFires() {
        ApiProblem problem = problem(request("february-30", "0 0 30 2 *", "UTC"));

        assertThat(problem.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("cron");
            assertThat(error.message()).contains("never fires");
        });
    }

    @Test
    void requiresANameACronAndAJob() {
        ApiProblem problem = problem(new ScheduleRequest(null, null, null, null, null, null, null));

        assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
        assertThat(problem.errors()).extracting(InvalidField::field).containsExactly("name", "cron", "job");
    }

    @Test
    void refusesABlankOrOverlongName() {
        assertThat(problem(request(" ", "@daily", null)).errors())
                .extracting(InvalidField::field)
                .containsExactly("name");
        assertThat(problem(request("n".repeat(201), "@daily", null)).errors())
                .extracting(InvalidField::field)
                .containsExactly("name");
    }

    @Test
    void refusesTheRunTimeAndIdempotencyKeyOfASingleJobInTheTemplate() {
        JobRequest timed = new JobRequest(
                null, null, null, JOB.target(), null, "2026-04-01T00:00:00Z", "5m", null, null, "key", null, null);

        ApiProblem problem = problem(new ScheduleRequest("timed", "@daily", null, timed, null, null, null));

        assertThat(problem.errors())
                .extracting(InvalidField::field)
                .containsExactlyInAnyOrder("job.run_at", "job.delay", "job.idempotency_key");
    }

    @Test
    void movesTheNextFireFromNowWhenTheCronOrZoneChanges() {
        Schedule yearly = validator.validateNew(TENANT, request("yearly", "0 0 1 1 *", null), NOW);
        Instant later = NOW.plus(Duration.ofHours(1));

        Schedule everyMinute = validator.validateChange(yearly, cronChange("* * * * *"), later);
        Schedule inTokyo = validator.validateChange(yearly, zoneChange("Asia/Tokyo"), later);

        assertThat(yearly.nextFireAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(everyMinute.nextFireAt()).isEqualTo(Instant.parse("2026-03-10T11:18:00Z"));
        assertThat(inTokyo.nextFireAt()).isEqualTo(Instant.parse("2026-12-31T15:00:00Z"));
        assertThat(everyMinute.updatedAt()).isEqualTo(later);
        assertThat(everyMinute.createdAt()).isEqualTo(yearly.createdAt());
    }

    @Test
    void keepsTheNextFireWhenOtherFieldsChange() {
        Schedule schedule = validator.validateNew(TENANT, request("report", "0 0 1 1 *", null), NOW);

        Schedule changed = validator.validateChange(
                schedule,
                new ScheduleRequest("renamed", null, null, job("https://svc.internal/other"), "skip", "skip", null),
                NOW.plus(Duration.ofDays(30)));

        assertThat(changed.nextFireAt()).isEqualTo(schedule.nextFireAt());
        assertThat(changed.name()).isEqualTo("renamed");
        assertThat(changed.misfirePolicy()).isEqualTo(MisfirePolicy.SKIP);
        assertThat(changed.overlapPolicy()).isEqualTo(OverlapPolicy.SKIP);
        assertThat(changed.jobTemplate().target().url()).isEqualTo("https://svc.internal/other");
    }

    @Test
    void pausingClearsTheNextFireAndResumingStartsFromNow() {
        Schedule schedule = validator.validateNew(TENANT, request("report", "@hourly", null), NOW);
        Instant later = NOW.plus(Duration.ofHours(5));

        Schedule paused = validator.validateChange(schedule, ScheduleRequest.PAUSE, NOW);
        Schedule resumed = validator.validateChange(paused, ScheduleRequest.RESUME, later);

        assertThat(paused.paused()).isTrue();
        assertThat(paused.nextFireAt()).isNull();
        assertThat(resumed.paused()).isFalse();
        assertThat(resumed.nextFireAt())
                .as("fires missed while paused are not made up")
                .isEqualTo(Instant.parse("2026-03-10T16:00:00Z"));
    }

    @Test
    void refusesUnknownPolicies() {
        ApiProblem problem = problem(new ScheduleRequest("p", "@daily", null, JOB, "catch_up", "FIRE", null));

        assertThat(problem.errors())
                .containsExactly(
                        new InvalidField("misfire_policy", "must be one of skip, fire_once, fire_all"),
                        new InvalidField("overlap_policy", "must be one of allow, skip"));
    }

    @Test
    void theDefaultMinimumIntervalAllowsACronEverySecondButCountsIt() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ScheduleValidator counting = validatorWith(Map.of(), meters);

        counting.validateNew(TENANT, request("every-second", "* * * * * *", null), NOW);
        counting.validateNew(TENANT, request("every-five-minutes", "*/5 * * * *", null), NOW);

        assertThat(meters.counter("foreman.api.schedules.frequent").count()).isEqualTo(1.0);
    }

    @Test
    void refusesACronFiringCloserThanTheConfiguredMinimumInterval() {
        ScheduleValidator strict =
                validatorWith(Map.of("foreman.api.limits.min-cron-interval", "1m"), new SimpleMeterRegistry());

        ApiProblem problem = catchThrowableOfType(
                ApiProblem.class,
                () -> strict.validateNew(TENANT, request("twice-a-minute", "*/30 * * * * *", null), NOW));
        Schedule everyMinute = strict.validateNew(TENANT, request("every-minute", "* * * * *", null), NOW);

        assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
        assertThat(problem.errors()).extracting(InvalidField::field).containsExactly("cron");
        assertThat(problem.errors().getFirst().message()).contains("30s").contains("min-cron-interval");
        assertThat(everyMinute.cron()).isEqualTo("* * * * *");
    }

    private ScheduleValidator validatorWith(Map<String, String> properties, SimpleMeterRegistry meters) {
        ApiProperties settings = ApiPropertiesFixtures.with(properties);
        return new ScheduleValidator(new SubmissionValidator(settings, ids), ids, settings, meters);
    }

    private ApiProblem problem(ScheduleRequest request) {
        return catchThrowableOfType(ApiProblem.class, () -> validator.validateNew(TENANT, request, NOW));
    }

    private static ScheduleRequest request(String name, String cron, String timeZone) {
        return new ScheduleRequest(name, cron, timeZone, JOB, null, null, null);
    }

    private static ScheduleRequest cronChange(String cron) {
        return new ScheduleRequest(null, cron, null, null, null, null, null);
    }

    private static ScheduleRequest zoneChange(String timeZone) {
        return new ScheduleRequest(null, null, timeZone, null, null, null, null);
    }

    private static JobRequest job(String url) {
        return new JobRequest(
                null,
                null,
                null,
                new JobRequest.Target(url, null, null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
