package dev.foreman.api.schedules;

import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.api.RunningApi;
import dev.foreman.api.outbox.DispatchLog;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.schedule.ScheduleRepository;
import dev.foreman.testkit.infra.TestTenant;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class ScheduleApiIT extends RunningApi {
    private static final String TARGET = "https://svc.internal/hooks/report";
    private static final Duration KAFKA_WAIT = Duration.ofSeconds(30);

    private static final String WAITING_FOR_A_SCHEDULE_LOCK = """
            SELECT count(*)
            FROM pg_stat_activity
            WHERE wait_event_type = 'Lock'
              AND query ILIKE '%schedules%'
              AND pid <> pg_backend_pid()
            """;

    private static final String OUTCOMES_OF_JOB = """
            SELECT outcome
            FROM schedule_fires
            WHERE schedule_id = :scheduleId
              AND job_id = :jobId
            """;

    @Autowired
    JobRepository jobs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ScheduleRepository schedules;

    @Autowired
    TransactionTemplate tx;

    private TestTenant tenant;

    @BeforeEach
    void freshTenant() {
        tenant = newTenant();
    }

    @Test
    void createsAScheduleThatShowsItsNextFiveFireTimesInItsTimeZone() {
        HttpResponse<String> created = post("/v1/schedules", tenant.apiKey(), """
                {"name": "morning-report", "cron": "0 9 * * *", "time_zone": "America/New_York",
                 "job": {"queue": "reports", "target": {"url": "%s"}, "payload": {"kind": "daily", "ratio": 0.25},
                         "labels": {"team": "data"}}}
                """.formatted(TARGET));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode schedule = json(created);
        assertThat(created.headers().firstValue("Location")).hasValue("/v1/schedules/" + id(schedule));
        assertThat(schedule.propertyNames())
                .containsExactly(
                        "id",
                        "name",
                        "cron",
                        "time_zone",
                        "job",
                        "misfire_policy",
                        "overlap_policy",
                        "paused",
                        "next_fire_at",
                        "next_fire_times",
                        "last_fired_at",
                        "created_at",
                        "updated_at");
        assertThat(schedule.get("name").asString()).isEqualTo("morning-report");
        assertThat(schedule.get("time_zone").asString()).isEqualTo("America/New_York");
        assertThat(schedule.get("misfire_policy").asString()).isEqualTo("fire_once");
        assertThat(schedule.get("overlap_policy").asString()).isEqualTo("allow");
        assertThat(schedule.get("paused").asBoolean()).isFalse();
        assertThat(schedule.get("last_fired_at").isNull()).isTrue();

        Instant createdAt = Instant.parse(schedule.get("created_at").asString());
        List<Instant> expected = nineOClockInNewYorkAfter(createdAt, 5);
        assertThat(instants(schedule.get("next_fire_times"))).containsExactlyElementsOf(expected);
        assertThat(Instant.parse(schedule.get("next_fire_at").asString())).isEqualTo(expected.getFirst());

        JsonNode job = schedule.get("job");
        assertThat(job.propertyNames())
                .containsExactly(
                        "queue", "type", "priority", "target", "payload", "timeout", "retry", "callback_url", "labels");
        assertThat(job.get("queue").asString()).isEqualTo("reports");
        assertThat(job.get("priority").asString()).isEqualTo("normal");
        assertThat(job.get("target").get("method").asString()).isEqualTo("POST");
        assertThat(job.get("payload")).isEqualTo(JSON.readTree("{\"kind\": \"daily\", \"ratio\": 0.25}"));
        assertThat(job.get("timeout").asString()).isEqualTo("PT30S");
        assertThat(job.get("retry").get("max_attempts").asInt()).isEqualTo(8);
        assertThat(job.get("labels").get("team").asString()).isEqualTo("data");

        assertThat(json(get("/v1/schedules/" + id(schedule), tenant.apiKey())).get("job"))
                .isEqualTo(job);
    }

    @Test
    void refusesABadCronOrTimeZoneNamingTheFieldAtFault() {
        JsonNode badCron = assertProblem(create("bad-cron", "61 * * * *", "UTC"), 422, "validation_failed");
        JsonNode tooFewFields = assertProblem(create("few-fields", "* * *", "UTC"), 422, "validation_failed");
        JsonNode badZone = assertProblem(create("bad-zone", "0 9 * * *", "Mars/Olympus"), 422, "validation_failed");
        JsonNode bothBad = assertProblem(create("both-bad", "not cron", "Nowhere"), 422, "validation_failed");

        assertThat(fields(badCron)).containsExactly("cron");
        assertThat(elements(badCron.get("errors")).getFirst().get("message").asString())
                .contains("61 * * * *");
        assertThat(elements(tooFewFields.get("errors"))
                        .getFirst()
                        .get("message")
                        .asString())
                .contains("has 3 fields");
        assertThat(fields(badZone)).containsExactly("time_zone");
        assertThat(elements(badZone.get("errors")).getFirst().get("message").asString())
                .contains("Mars/Olympus")
                .contains("IANA");
        assertThat(fields(bothBad)).containsExactlyInAnyOrder("cron", "time_zone");
        assertThat(listAll()).isEmpty();
    }

    @Test
    void acceptsASixFieldCronWithSecondsAndTheMacros() {
        JsonNode everyTenSeconds = json(create("every-ten-seconds", "*/10 * * * * *", "UTC"));
        JsonNode hourly = json(create("hourly", "@hourly", "Europe/Berlin"));

        List<Instant> tenSeconds = instants(everyTenSeconds.get("next_fire_times"));
        assertThat(tenSeconds).hasSize(5);
        for (int i = 1; i < tenSeconds.size(); i++) {
            assertThat(Duration.between(tenSeconds.get(i - 1), tenSeconds.get(i)))
                    .isEqualTo(Duration.ofSeconds(10));
        }
        assertThat(tenSeconds.getFirst().getEpochSecond() % 10).isZero();
        assertThat(instants(hourly.get("next_fire_times")))
                .hasSize(5)
                .allSatisfy(time -> assertThat(time.getEpochSecond() % 3600).isZero());
    }

    @Test
    void refusesASecondScheduleWithTheSameNameButNotInAnotherTenant() {
        UUID first = id(json(create("nightly", "0 3 * * *", "UTC")));

        JsonNode duplicate = assertProblem(create("nightly", "0 4 * * *", "UTC"), 409, "schedule_name_taken");
        HttpResponse<String> otherTenant = post("/v1/schedules", newTenant().apiKey(), body("nightly", "0 4 * * *"));

        assertThat(duplicate.get("detail").asString()).contains("nightly").contains("PATCH");
        assertThat(otherTenant.statusCode()).isEqualTo(201);
        assertThat(listAll()).extracting(RunningApi::id).containsExactly(first);
    }

    @Test
    void refusesARenameOntoAnotherSchedulesName() {
        create("first", "0 3 * * *", "UTC");
        UUID second = id(json(create("second", "0 4 * * *", "UTC")));

        assertProblem(
                patch("/v1/schedules/" + second, tenant.apiKey(), "{\"name\": \"first\"}"), 409, "schedule_name_taken");

        assertThat(json(get("/v1/schedules/" + second, tenant.apiKey()))
                        .get("name")
                        .asString())
                .isEqualTo("second");
    }

    @Test
    void listsTheTenantsSchedulesInKeysetPagesNewestFirst() {
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(id(json(create("schedule-" + i, "0 " + i + " * * *", "UTC"))));
        }

        JsonNode first = json(get("/v1/schedules?limit=2", tenant.apiKey()));
        JsonNode second = json(
                get("/v1/schedules?limit=2&cursor=" + first.get("next_cursor").asString(), tenant.apiKey()));
        JsonNode last = json(
                get("/v1/schedules?limit=2&cursor=" + second.get("next_cursor").asString(), tenant.apiKey()));

        List<UUID> paged = new ArrayList<>();
        for (JsonNode page : List.of(first, second, last)) {
            elements(page.get("items")).forEach(schedule -> paged.add(id(schedule)));
        }
        assertThat(paged).containsExactlyElementsOf(created.reversed());
        assertThat(elements(first.get("items"))
                        .getFirst()
                        .get("next_fire_times")
                        .size())
                .isEqualTo(5);
        assertThat(last.get("next_cursor").isNull()).isTrue();
        assertProblem(get("/v1/schedules?limit=0", tenant.apiKey()), 400, "invalid_parameter");
        assertProblem(get("/v1/schedules?state=paused", tenant.apiKey()), 400, "invalid_parameter");
        assertProblem(get("/v1/schedules?cursor=@@", tenant.apiKey()), 400, "invalid_cursor");
    }

    @Test
    void movesTheNextFireToTheNewCronWhenAPatchChangesItAndKeepsItOtherwise() {
        JsonNode yearly = json(create("new-year", "0 0 1 1 *", "UTC"));
        String path = "/v1/schedules/" + id(yearly);

        JsonNode renamed =
                json(patch(path, tenant.apiKey(), "{\"name\": \"happy-new-year\", \"overlap_policy\": \"skip\"}"));
        JsonNode everyFiveMinutes = json(patch(path, tenant.apiKey(), "{\"cron\": \"*/5 * * * *\"}"));
        JsonNode inTokyo =
                json(patch(path, tenant.apiKey(), "{\"cron\": \"0 9 * * *\", \"time_zone\": \"Asia/Tokyo\"}"));

        assertThat(renamed.get("name").asString()).isEqualTo("happy-new-year");
        assertThat(renamed.get("overlap_policy").asString()).isEqualTo("skip");
        assertThat(renamed.get("next_fire_at")).isEqualTo(yearly.get("next_fire_at"));
        assertThat(renamed.get("cron").asString()).isEqualTo("0 0 1 1 *");

        Instant patchedAt = Instant.parse(everyFiveMinutes.get("updated_at").asString());
        Instant nextFire = Instant.parse(everyFiveMinutes.get("next_fire_at").asString());
        assertThat(nextFire).isAfter(patchedAt).isBeforeOrEqualTo(patchedAt.plus(Duration.ofMinutes(5)));
        assertThat(nextFire.getEpochSecond() % 300).isZero();
        assertThat(everyFiveMinutes.get("name").asString()).isEqualTo("happy-new-year");

        Instant tokyoFire = Instant.parse(inTokyo.get("next_fire_at").asString());
        assertThat(tokyoFire.atZone(ZoneId.of("Asia/Tokyo")).toLocalTime()).isEqualTo(LocalTime.of(9, 0));
        assertThat(tokyoFire).isAfter(Instant.parse(inTokyo.get("updated_at").asString()));
    }

    @Test
    void aPatchDuringAFireKeepsTheNextFireThatTheFireAdvancedTo() throws Exception {
        JsonNode nightly = json(create("nightly", "0 3 * * *", "UTC"));
        UUID id = id(nightly);
        Instant advancedTo =
                Instant.parse(nightly.get("next_fire_at").asString()).plus(Duration.ofDays(1));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch advance = new CountDownLatch(1);

        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            // The scheduler's fire: the schedule locked, fired, advanced and committed, held open here.
            Future<?> fire = threads.submit(() -> tx.executeWithoutResult(status -> {
                schedules.lockByTenantAndId(tenant.id(), id).orElseThrow();
                locked.countDown();
                awaitLatch(advance);
                schedules.advance(id, advancedTo, Instant.now(), Instant.now());
            }));
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
            Future<HttpResponse<String>> renamed = threads.submit(
                    () -> patch("/v1/schedules/" + id, tenant.apiKey(), "{\"name\": \"nightly-report\"}"));
            await("the PATCH waiting for the fire's lock")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.sql(WAITING_FOR_A_SCHEDULE_LOCK)
                                    .query(Long.class)
                                    .single()
                            > 0);
            advance.countDown();
            fire.get(30, TimeUnit.SECONDS);

            HttpResponse<String> response = renamed.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(json(response).get("name").asString()).isEqualTo("nightly-report");
            assertThat(Instant.parse(json(response).get("next_fire_at").asString()))
                    .isEqualTo(advancedTo);
        }
        assertThat(schedules.findByTenantAndId(tenant.id(), id).orElseThrow().nextFireAt())
                .isEqualTo(advancedTo);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never let the fire go on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Test
    void replacesTheWholeJobWhenAPatchGivesOne() {
        String path = "/v1/schedules/" + id(json(post("/v1/schedules", tenant.apiKey(), """
                {"name": "reindex", "cron": "@daily",
                 "job": {"queue": "search", "priority": "high", "target": {"url": "%s"}, "timeout": "2m"}}
                """.formatted(TARGET))));

        JsonNode patched = json(patch(path, tenant.apiKey(), """
                {"job": {"target": {"url": "https://svc.internal/hooks/reindex", "method": "PUT"},
                         "retry": {"max_attempts": 2, "max_retry_duration": "0s"}}}
                """));
        JsonNode sentBack = json(patch(path, tenant.apiKey(), "{\"job\": " + patched.get("job") + "}"));

        JsonNode job = patched.get("job");
        assertThat(job.get("queue").asString()).isEqualTo("default");
        assertThat(job.get("priority").asString()).isEqualTo("normal");
        assertThat(job.get("timeout").asString()).isEqualTo("PT30S");
        assertThat(job.get("target").get("method").asString()).isEqualTo("PUT");
        assertThat(job.get("retry").get("max_attempts").asInt()).isEqualTo(2);
        assertThat(job.get("retry").get("max_retry_duration").asString()).isEqualTo("PT0S");
        assertThat(sentBack.get("job"))
                .as("a schedule's job can be sent back unchanged")
                .isEqualTo(job);
    }

    @Test
    void reportsEveryInvalidFieldOfAScheduleAndItsJobAtOnce() {
        JsonNode problem = assertProblem(post("/v1/schedules", tenant.apiKey(), """
                        {"cron": "@hourly", "misfire_policy": "catch_up", "overlap_policy": "queue",
                         "job": {"target": {"url": "ftp://svc.internal/x"}, "delay": "5m", "idempotency_key": "k"}}
                        """), 422, "validation_failed");

        assertThat(fields(problem))
                .containsExactlyInAnyOrder(
                        "name",
                        "misfire_policy",
                        "overlap_policy",
                        "job.delay",
                        "job.idempotency_key",
                        "job.target.url");
    }

    @Test
    void pausingClearsTheNextFireAndResumingRestartsFromNow() {
        String path = "/v1/schedules/" + id(json(create("heartbeat", "* * * * *", "UTC")));

        JsonNode paused = json(post(path + "/pause", tenant.apiKey(), ""));
        JsonNode pausedAgain = json(post(path + "/pause", tenant.apiKey(), ""));
        JsonNode resumed = json(post(path + "/resume", tenant.apiKey(), ""));
        JsonNode resumedAgain = json(post(path + "/resume", tenant.apiKey(), ""));

        assertThat(paused.get("paused").asBoolean()).isTrue();
        assertThat(paused.get("next_fire_at").isNull()).isTrue();
        assertThat(paused.get("next_fire_times").isEmpty()).isTrue();
        assertThat(pausedAgain).isEqualTo(paused);
        assertThat(resumed.get("paused").asBoolean()).isFalse();
        Instant resumedAt = Instant.parse(resumed.get("updated_at").asString());
        Instant nextFire = Instant.parse(resumed.get("next_fire_at").asString());
        assertThat(nextFire).isAfter(resumedAt).isBeforeOrEqualTo(resumedAt.plus(Duration.ofMinutes(1)));
        assertThat(instants(resumed.get("next_fire_times"))).hasSize(5);
        assertThat(resumedAgain.get("next_fire_at")).isEqualTo(resumed.get("next_fire_at"));
        assertThat(resumedAgain.get("updated_at")).isEqualTo(resumed.get("updated_at"));
    }

    @Test
    void createsAPausedScheduleWithoutANextFire() {
        HttpResponse<String> created = post("/v1/schedules", tenant.apiKey(), """
                {"name": "later", "cron": "@weekly", "paused": true, "job": {"target": {"url": "%s"}}}
                """.formatted(TARGET));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).get("next_fire_at").isNull()).isTrue();
        assertThat(json(created).get("next_fire_times").isEmpty()).isTrue();
    }

    @Test
    void triggerCreatesAQueuedJobOfTheScheduleThatReachesTheDispatchTopic() {
        JsonNode schedule = json(post("/v1/schedules", tenant.apiKey(), """
                {"name": "on-demand", "cron": "0 0 1 1 *", "paused": true,
                 "job": {"queue": "reports", "priority": "high", "target": {"url": "%s"},
                         "payload": {"full": true}, "labels": {"team": "data"}}}
                """.formatted(TARGET)));
        UUID scheduleId = id(schedule);

        try (DispatchLog dispatches = new DispatchLog(infra().kafkaBootstrapServers())) {
            HttpResponse<String> triggered = post("/v1/schedules/" + scheduleId + "/trigger", tenant.apiKey(), "");

            assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(202);
            JsonNode job = json(triggered);
            UUID jobId = id(job);
            assertThat(job.get("state").asString()).isEqualTo("queued");
            assertThat(job.get("schedule_id").asString()).isEqualTo(scheduleId.toString());
            assertThat(job.get("queue").asString()).isEqualTo("reports");
            assertThat(job.get("priority").asString()).isEqualTo("high");
            assertThat(job.get("payload")).isEqualTo(JSON.readTree("{\"full\": true}"));
            assertThat(job.get("labels").get("team").asString()).isEqualTo("data");
            assertThat(job.get("idempotency_key").isNull()).isTrue();
            Job stored = jobs.findByTenantAndId(tenant.id(), jobId).orElseThrow();
            assertThatJob(stored).isIn(JobState.QUEUED);
            assertThat(stored.scheduleId()).isEqualTo(scheduleId);
            assertThat(jdbc.sql(OUTCOMES_OF_JOB)
                            .param("scheduleId", scheduleId)
                            .param("jobId", jobId)
                            .query(String.class)
                            .list())
                    .containsExactly("triggered");
            await("the triggered job " + jobId + " published through its outbox row")
                    .atMost(KAFKA_WAIT)
                    .pollInSameThread()
                    .until(() -> dispatches.readNew().of(jobId).stream()
                            .anyMatch(d -> d.topic().equals("foreman.jobs.high")));
        }
        assertThat(json(get("/v1/schedules/" + scheduleId, tenant.apiKey()))
                        .get("paused")
                        .asBoolean())
                .as("a trigger leaves the schedule as it was")
                .isTrue();
    }

    @Test
    void deletesAScheduleButKeepsTheJobsItCreated() {
        UUID scheduleId = id(json(create("short-lived", "@hourly", "UTC")));
        UUID jobId = id(json(post("/v1/schedules/" + scheduleId + "/trigger", tenant.apiKey(), "")));

        HttpResponse<String> deleted = delete("/v1/schedules/" + scheduleId, tenant.apiKey());

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertProblem(get("/v1/schedules/" + scheduleId, tenant.apiKey()), 404, "not_found");
        assertProblem(delete("/v1/schedules/" + scheduleId, tenant.apiKey()), 404, "not_found");
        assertThat(get("/v1/jobs/" + jobId, tenant.apiKey()).statusCode()).isEqualTo(200);
        assertThat(listAll()).isEmpty();
    }

    @Test
    void hidesAnotherTenantsScheduleAsNotFound() {
        TestTenant stranger = newTenant();
        String path = "/v1/schedules/" + id(json(create("private", "@hourly", "UTC")));

        for (HttpResponse<String> response : List.of(
                get(path, stranger.apiKey()),
                patch(path, stranger.apiKey(), "{\"name\": \"mine-now\"}"),
                post(path + "/pause", stranger.apiKey(), ""),
                post(path + "/resume", stranger.apiKey(), ""),
                post(path + "/trigger", stranger.apiKey(), ""),
                delete(path, stranger.apiKey()))) {
            assertProblem(response, 404, "not_found");
        }

        JsonNode unchanged = json(get(path, tenant.apiKey()));
        assertThat(unchanged.get("name").asString()).isEqualTo("private");
        assertThat(unchanged.get("paused").asBoolean()).isFalse();
        assertThat(elements(json(get("/v1/schedules", stranger.apiKey())).get("items")))
                .isEmpty();
        assertProblem(get("/v1/schedules/not-a-uuid", tenant.apiKey()), 404, "not_found");
    }

    private HttpResponse<String> create(String name, String cron, String timeZone) {
        return post("/v1/schedules", tenant.apiKey(), """
                {"name": "%s", "cron": "%s", "time_zone": "%s", "job": {"target": {"url": "%s"}}}
                """.formatted(name, cron, timeZone, TARGET));
    }

    private static String body(String name, String cron) {
        return """
                {"name": "%s", "cron": "%s", "job": {"target": {"url": "%s"}}}
                """.formatted(name, cron, TARGET);
    }

    private List<JsonNode> listAll() {
        return elements(json(get("/v1/schedules?limit=500", tenant.apiKey())).get("items"));
    }

    private static List<String> fields(JsonNode problem) {
        return elements(problem.get("errors")).stream()
                .map(error -> error.get("field").asString())
                .toList();
    }

    private static List<Instant> instants(JsonNode array) {
        return elements(array).stream()
                .map(time -> Instant.parse(time.asString()))
                .toList();
    }

    /** Worked out with java.time alone, independently of the cron library. */
    private static List<Instant> nineOClockInNewYorkAfter(Instant after, int count) {
        ZoneId newYork = ZoneId.of("America/New_York");
        List<Instant> times = new ArrayList<>();
        ZonedDateTime candidate = after.atZone(newYork).with(LocalTime.of(9, 0));
        while (times.size() < count) {
            if (candidate.toInstant().isAfter(after)) {
                times.add(candidate.toInstant());
            }
            candidate = candidate.plusDays(1).with(LocalTime.of(9, 0));
        }
        return times;
    }
}
