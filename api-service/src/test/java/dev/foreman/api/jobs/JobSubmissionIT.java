package dev.foreman.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.api.RunningApi;
import dev.foreman.common.job.AttemptFinish;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.ClaimedJob;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.testkit.concurrency.Race;
import dev.foreman.testkit.infra.TestTenant;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class JobSubmissionIT extends RunningApi {
    private static final String TARGET = "https://svc.internal/hooks/welcome";

    @Autowired
    JobRepository jobs;

    @Test
    void acceptsAJobAndReturnsItAsStored() {
        TestTenant tenant = newTenant();

        HttpResponse<String> submitted = post("/v1/jobs", tenant.apiKey(), """
                {"target": {"url": "%s"}}
                """.formatted(TARGET));

        assertThat(submitted.statusCode()).isEqualTo(202);
        assertThat(submitted.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode job = json(submitted);
        assertThat(fieldNames(job))
                .containsExactly(
                        "id",
                        "queue",
                        "type",
                        "priority",
                        "state",
                        "attempt",
                        "max_attempts",
                        "run_at",
                        "created_at",
                        "updated_at",
                        "started_at",
                        "finished_at",
                        "target",
                        "payload",
                        "timeout",
                        "retry",
                        "last_error",
                        "result",
                        "idempotency_key",
                        "callback_url",
                        "labels",
                        "schedule_id");
        assertThat(job.get("state").asString()).isEqualTo("queued");
        assertThat(job.get("queue").asString()).isEqualTo("default");
        assertThat(job.get("type").asString()).isEqualTo("default");
        assertThat(job.get("priority").asString()).isEqualTo("normal");
        assertThat(job.get("attempt").asInt()).isZero();
        assertThat(job.get("max_attempts").asInt()).isEqualTo(8);
        assertThat(job.get("target").get("url").asString()).isEqualTo(TARGET);
        assertThat(job.get("target").get("method").asString()).isEqualTo("POST");
        assertThat(job.get("timeout").asString()).isEqualTo("PT30S");
        assertThat(job.get("retry").get("max_backoff").asString()).isEqualTo("PT1H");
        assertThat(job.get("payload").isNull()).isTrue();
        assertThat(job.get("result").isNull()).isTrue();
        assertThat(Instant.parse(job.get("run_at").asString()))
                .isEqualTo(Instant.parse(job.get("created_at").asString()));

        HttpResponse<String> read = get("/v1/jobs/" + job.get("id").asString(), tenant.apiKey());

        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(job);
    }

    @Test
    void keepsEveryGivenSettingAndThePayloadJson() {
        TestTenant tenant = newTenant();

        HttpResponse<String> submitted = post("/v1/jobs", tenant.apiKey(), """
                {
                  "queue": "emails", "type": "send_welcome", "priority": "high",
                  "target": {"url": "%s", "method": "PUT", "headers": {"X-Team": "growth"}},
                  "payload": {"user_id": 42, "tags": ["a", "b"], "amount": 0.1000000000000000055511, "nested": {"ok": true}},
                  "timeout": "2m",
                  "retry": {"max_attempts": 3, "min_backoff": "500ms", "max_backoff": "10m", "max_doublings": 4,
                            "max_retry_duration": "0s"},
                  "callback_url": "https://svc.internal/hooks/done",
                  "labels": {"team": "growth"}
                }
                """.formatted(TARGET));
        JsonNode job = json(submitted);

        assertThat(submitted.statusCode()).isEqualTo(202);
        assertThat(submitted.body()).as("payload numbers are not rounded").contains("0.1000000000000000055511");
        assertThat(job.get("queue").asString()).isEqualTo("emails");
        assertThat(job.get("type").asString()).isEqualTo("send_welcome");
        assertThat(job.get("priority").asString()).isEqualTo("high");
        assertThat(job.get("target").get("method").asString()).isEqualTo("PUT");
        assertThat(job.get("target").get("headers").get("X-Team").asString()).isEqualTo("growth");
        assertThat(job.get("payload"))
                .isEqualTo(JSON.readTree("{\"user_id\": 42, \"tags\": [\"a\", \"b\"], \"amount\":"
                        + " 0.1000000000000000055511, \"nested\": {\"ok\": true}}"));
        assertThat(job.get("timeout").asString()).isEqualTo("PT2M");
        assertThat(job.get("retry"))
                .isEqualTo(JSON.readTree("{\"max_attempts\": 3, \"min_backoff\": \"PT0.5S\", \"max_backoff\":"
                        + " \"PT10M\", \"max_doublings\": 4, \"max_retry_duration\": null}"));
        assertThat(job.get("max_attempts").asInt()).isEqualTo(3);
        assertThat(job.get("callback_url").asString()).isEqualTo("https://svc.internal/hooks/done");
        assertThat(job.get("labels").get("team").asString()).isEqualTo("growth");
    }

    @Test
    void schedulesADelayedJobInsteadOfQueueingIt() {
        TestTenant tenant = newTenant();

        JsonNode job = json(post("/v1/jobs", tenant.apiKey(), """
                {"target": {"url": "%s"}, "delay": "10m"}
                """.formatted(TARGET)));

        assertThat(job.get("state").asString()).isEqualTo("scheduled");
        Instant createdAt = Instant.parse(job.get("created_at").asString());
        assertThat(Instant.parse(job.get("run_at").asString())).isEqualTo(createdAt.plus(Duration.ofMinutes(10)));
    }

    @Test
    void hidesAnotherTenantsJobAsNotFound() {
        TestTenant owner = newTenant();
        TestTenant stranger = newTenant();
        String id = json(post("/v1/jobs", owner.apiKey(), "{\"target\": {\"url\": \"" + TARGET + "\"}}"))
                .get("id")
                .asString();

        HttpResponse<String> job = get("/v1/jobs/" + id, stranger.apiKey());
        HttpResponse<String> attempts = get("/v1/jobs/" + id + "/attempts", stranger.apiKey());

        assertThat(job.statusCode()).isEqualTo(404);
        assertThat(json(job).get("code").asString()).isEqualTo("not_found");
        assertThat(attempts.statusCode()).isEqualTo(404);
        assertThat(listAll(stranger, "")).isEmpty();
    }

    @Test
    void refusesAMissingOrUnknownApiKeyWithAProblem() {
        for (String key : new String[] {null, "fm_not-a-key-anyone-was-given"}) {
            HttpResponse<String> response = get("/v1/jobs", key);

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith(PROBLEM_JSON));
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer"));
            assertThat(json(response).get("code").asString()).isEqualTo("unauthorized");
            assertThat(json(response).get("status").asInt()).isEqualTo(401);
        }
    }

    @Test
    void leavesHealthProbesOpenWithoutAKey() {
        assertThat(get("/livez", null).statusCode()).isEqualTo(200);
        assertThat(get("/readyz", null).statusCode()).isEqualTo(200);
        assertThat(getManagement("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(getManagement("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void servesMetricsAndHealthDetailsOnlyOnTheManagementPort() {
        assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(404);
        assertThat(get("/actuator/health", null).statusCode()).isEqualTo(404);
        assertThat(getManagement("/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(getManagement("/actuator/health").statusCode()).isEqualTo(200);
    }

    @Test
    void acceptsABatchOfAThousandJobsInOneCall() {
        TestTenant tenant = newTenant();
        String batch = IntStream.range(0, 1000)
                .mapToObj(i -> "{\"target\": {\"url\": \"" + TARGET + "\"}, \"labels\": {\"index\": \"" + i + "\"}}")
                .collect(Collectors.joining(",", "{\"jobs\": [", "]}"));

        HttpResponse<String> response = post("/v1/jobs/batch", tenant.apiKey(), batch);

        assertThat(response.statusCode()).isEqualTo(202);
        List<JsonNode> returned = elements(json(response).get("jobs"));
        assertThat(returned).hasSize(1000);
        for (int i = 0; i < returned.size(); i++) {
            assertThat(returned.get(i).get("labels").get("index").asString()).isEqualTo(String.valueOf(i));
            assertThat(returned.get(i).get("state").asString()).isEqualTo("queued");
        }
        assertThat(listAll(tenant, "&limit=500")).hasSize(1000);
    }

    @Test
    void writesNothingWhenOneJobOfABatchIsInvalid() {
        TestTenant tenant = newTenant();
        String batch = """
                {"jobs": [
                  {"target": {"url": "%1$s"}},
                  {"target": {"url": "%1$s"}},
                  {"target": {"url": "%1$s"}},
                  {"target": {"url": "not a url"}},
                  {"target": {"url": "%1$s"}, "idempotency_key": "batch-key"}
                ]}
                """.formatted(TARGET);

        HttpResponse<String> response = post("/v1/jobs/batch", tenant.apiKey(), batch);

        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode problem = json(response);
        assertThat(problem.get("code").asString()).isEqualTo("validation_failed");
        assertThat(elements(problem.get("errors")))
                .extracting(error -> error.get("field").asString())
                .containsExactly("jobs[3].target.url");
        assertThat(listAll(tenant, "")).isEmpty();
    }

    @Test
    void replaysTheOriginalJobForARepeatedIdempotencyKey() {
        TestTenant tenant = newTenant();
        String body = "{\"target\": {\"url\": \"" + TARGET + "\"}}";

        HttpResponse<String> first = post("/v1/jobs", tenant.apiKey(), body, "Idempotency-Key", "welcome-42");
        HttpResponse<String> again = post(
                "/v1/jobs",
                tenant.apiKey(),
                "{\"target\": {\"url\": \"" + TARGET + "\"}, \"idempotency_key\": \"welcome-42\"}");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(json(again)).isEqualTo(json(first));
        assertThat(json(first).get("idempotency_key").asString()).isEqualTo("welcome-42");
    }

    @Test
    void storesExactlyOneJobForConcurrentDuplicateIdempotencyKeys() throws Exception {
        TestTenant tenant = newTenant();
        String body = "{\"target\": {\"url\": \"" + TARGET + "\"}, \"idempotency_key\": \"race\"}";
        int callers = 16;
        List<HttpResponse<String>> responses = Race.run(callers, () -> post("/v1/jobs", tenant.apiKey(), body));

        assertThat(responses).filteredOn(r -> r.statusCode() == 202).hasSize(1);
        assertThat(responses)
                .filteredOn(r -> r.statusCode() == 200)
                .hasSize(callers - 1)
                .allSatisfy(r -> assertThat(r.headers().firstValue("Idempotent-Replayed"))
                        .hasValue("true"));
        Set<String> ids = new HashSet<>();
        responses.forEach(r -> ids.add(json(r).get("id").asString()));
        assertThat(ids).hasSize(1);
        assertThat(listAll(tenant, ""))
                .extracting(job -> job.get("id").asString())
                .containsExactlyElementsOf(ids);
    }

    @Test
    void walksEveryJobExactlyOnceThroughThePagesWithFilters() {
        TestTenant tenant = newTenant();
        String batch = IntStream.range(0, 23)
                .mapToObj(i -> "{\"target\": {\"url\": \"" + TARGET + "\"}, \"queue\": \""
                        + (i % 3 == 0 ? "emails" : "reports") + "\", \"priority\": \""
                        + (i % 2 == 0 ? "high" : "low") + "\"}")
                .collect(Collectors.joining(",", "{\"jobs\": [", "]}"));
        List<JsonNode> created =
                elements(json(post("/v1/jobs/batch", tenant.apiKey(), batch)).get("jobs"));

        List<JsonNode> all = listAll(tenant, "&limit=5");
        List<JsonNode> emails = listAll(tenant, "&limit=2&queue=emails");
        List<JsonNode> highEmails = listAll(tenant, "&limit=1&queue=emails&priority=high&state=queued");

        assertThat(ids(all)).containsExactlyInAnyOrderElementsOf(ids(created));
        assertThat(ids(all)).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(ids(emails))
                .containsExactlyInAnyOrderElementsOf(ids(created.stream()
                        .filter(job -> job.get("queue").asString().equals("emails"))
                        .toList()));
        assertThat(ids(highEmails))
                .containsExactlyInAnyOrderElementsOf(ids(created.stream()
                        .filter(job -> job.get("queue").asString().equals("emails"))
                        .filter(job -> job.get("priority").asString().equals("high"))
                        .toList()));
        assertThat(listAll(tenant, "&state=scheduled")).isEmpty();
    }

    @Test
    void showsTheAttemptTimelineOfAJob() {
        TestTenant tenant = newTenant();
        JsonNode job = json(post("/v1/jobs", tenant.apiKey(), "{\"target\": {\"url\": \"" + TARGET + "\"}}"));
        UUID id = UUID.fromString(job.get("id").asString());
        String path = "/v1/jobs/" + id + "/attempts";

        assertThat(json(get(path, tenant.apiKey())).get("items").isEmpty()).isTrue();

        Instant started = Instant.now();
        List<ClaimedJob> claimed = jobs.claimQueued(List.of(id), "worker-1", started, Duration.ofSeconds(5));
        assertThat(claimed).hasSize(1);
        stored.finishAttempt(
                new AttemptFinish(
                        id,
                        1,
                        "worker-1",
                        JobState.RETRYING,
                        started.plusSeconds(1),
                        AttemptOutcome.FAILED,
                        503,
                        "unavailable",
                        "HTTP 503",
                        started,
                        120),
                started.plusMillis(120));

        JsonNode attempts = json(get(path, tenant.apiKey()));

        assertThat(elements(attempts.get("items"))).singleElement().satisfies(attempt -> {
            assertThat(fieldNames(attempt))
                    .containsExactly(
                            "attempt",
                            "worker",
                            "started_at",
                            "finished_at",
                            "outcome",
                            "http_status",
                            "error",
                            "duration_ms");
            assertThat(attempt.get("attempt").asInt()).isEqualTo(1);
            assertThat(attempt.get("worker").asString()).isEqualTo("worker-1");
            assertThat(attempt.get("outcome").asString()).isEqualTo("failed");
            assertThat(attempt.get("http_status").asInt()).isEqualTo(503);
            assertThat(attempt.get("error").asString()).isEqualTo("HTTP 503");
            assertThat(attempt.get("duration_ms").asInt()).isEqualTo(120);
        });
        JsonNode retrying = json(get("/v1/jobs/" + id, tenant.apiKey()));
        assertThat(retrying.get("state").asString()).isEqualTo("retrying");
        assertThat(retrying.get("result").get("status").asInt()).isEqualTo(503);
        assertThat(retrying.get("last_error").asString()).isEqualTo("HTTP 503");
    }

    /** Every job of the tenant matching the query ({@code &name=value...}), following next_cursor to the end. */
    private List<JsonNode> listAll(TestTenant tenant, String query) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            String params = (cursor == null ? "" : "&cursor=" + cursor) + query;
            HttpResponse<String> page =
                    get("/v1/jobs" + (params.isEmpty() ? "" : "?" + params.substring(1)), tenant.apiKey());
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = json(page);
            all.addAll(elements(body.get("items")));
            cursor = body.get("next_cursor").isNull()
                    ? null
                    : body.get("next_cursor").asString();
        } while (cursor != null);
        return all;
    }

    private static List<String> ids(List<JsonNode> jobs) {
        return jobs.stream().map(job -> job.get("id").asString()).toList();
    }

    private static List<String> fieldNames(JsonNode object) {
        return object.propertyNames().stream().toList();
    }
}
