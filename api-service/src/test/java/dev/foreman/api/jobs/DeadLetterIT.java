package dev.foreman.api.jobs;

import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static dev.foreman.testkit.jobs.Jobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.api.RunningApi;
import dev.foreman.api.outbox.DispatchLog;
import dev.foreman.common.callback.CallbackRepository;
import dev.foreman.common.callback.CallbackState;
import dev.foreman.common.callback.DueCallback;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.Priority;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.JobBuilder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The dead-letter queue through the API: listing, retrying one or in bulk, discarding; and callbacks. */
class DeadLetterIT extends RunningApi {
    private static final String TARGET = "https://svc.internal/hooks/welcome";
    private static final Duration KAFKA_WAIT = Duration.ofSeconds(30);

    @Autowired
    JobRepository jobs;

    @Autowired
    CallbackRepository callbacks;

    @Autowired
    Clock clock;

    private TestTenant tenant;

    @BeforeEach
    void freshTenant() {
        tenant = newTenant();
    }

    @Test
    void listsOnlyTheDeadJobsNewestFirstAcrossPages() {
        List<Job> dead = stored.dead(tenant, jobs(5, i -> aJob().targeting(TARGET)));
        stored.queued(tenant, aJob().targeting(TARGET));
        stored.running(tenant, aJob().targeting(TARGET));
        stored.succeeded(tenant, aJob().targeting(TARGET));

        List<JsonNode> listed = listAll(tenant, "limit=2");

        assertThat(ids(listed))
                .containsExactlyElementsOf(dead.stream()
                        .map(Job::id)
                        .sorted(Comparator.reverseOrder())
                        .map(UUID::toString)
                        .toList());
        assertThat(listed).allSatisfy(job -> {
            assertThat(job.get("state").asString()).isEqualTo("dead");
            assertThat(job.get("attempt").asInt()).isEqualTo(1);
            assertThat(job.get("result").get("status").asInt()).isEqualTo(400);
        });
        assertThat(listed.getFirst())
                .isEqualTo(json(get("/v1/jobs/" + listed.getFirst().get("id").asString(), tenant.apiKey())));
    }

    @Test
    void filtersTheDeadLetterQueueByQueueTypeAndPriority() {
        List<Job> dead = stored.dead(
                tenant,
                jobs(
                        8,
                        i -> aJob().targeting(TARGET)
                                .inQueue(i % 2 == 0 ? "emails" : "reports")
                                .ofType(i % 4 < 2 ? "welcome" : "digest")
                                .withPriority(i < 4 ? Priority.HIGH : Priority.LOW)));

        assertThat(ids(listAll(tenant, "queue=emails")))
                .containsExactlyInAnyOrderElementsOf(
                        idsWhere(dead, job -> job.queue().equals("emails")));
        assertThat(ids(listAll(tenant, "queue=emails&type=welcome&priority=high&limit=1")))
                .containsExactlyInAnyOrderElementsOf(idsWhere(
                        dead,
                        job -> job.queue().equals("emails")
                                && job.type().equals("welcome")
                                && job.priority() == Priority.HIGH));
        assertThat(listAll(tenant, "queue=nothing-here")).isEmpty();
    }

    @Test
    void refusesAnUnknownParameterAStateOrAForgedCursor() {
        JsonNode unknown = assertProblem(get("/v1/dlq?stat=dead", tenant.apiKey()), 400, "invalid_parameter");
        JsonNode state = assertProblem(get("/v1/dlq?state=dead", tenant.apiKey()), 400, "invalid_parameter");
        assertProblem(get("/v1/dlq?limit=0", tenant.apiKey()), 400, "invalid_parameter");
        assertProblem(get("/v1/dlq?cursor=not-a-cursor", tenant.apiKey()), 400, "invalid_cursor");

        assertThat(elements(unknown.get("errors")))
                .singleElement()
                .satisfies(error -> assertThat(error.get("field").asString()).isEqualTo("stat"));
        assertThat(elements(state.get("errors")))
                .singleElement()
                .satisfies(error -> assertThat(error.get("field").asString()).isEqualTo("state"));
    }

    @Test
    void retriesOneDeadLetterWithAFreshBudgetAndTakesItOffTheList() {
        Job dead = stored.dead(tenant, aJob().targeting(TARGET));
        Job other = stored.dead(tenant, aJob().targeting(TARGET));

        try (DispatchLog dispatches = new DispatchLog(infra().kafkaBootstrapServers())) {
            HttpResponse<String> retried = post("/v1/dlq/" + dead.id() + "/retry", tenant.apiKey(), "");

            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
            assertThat(json(retried).get("state").asString()).isEqualTo("queued");
            assertThat(stored.find(dead.id()).attemptsInBudget()).isZero();
            assertThat(ids(listAll(tenant, ""))).containsExactly(other.id().toString());
            await("the retried job " + dead.id() + " published through its outbox row")
                    .atMost(KAFKA_WAIT)
                    .pollInSameThread()
                    .until(() -> !dispatches.readNew().of(dead.id()).isEmpty());
        }
        assertProblem(post("/v1/dlq/" + dead.id() + "/retry", tenant.apiKey(), ""), 404, "not_found");
    }

    @Test
    void answersNotFoundForAJobThatIsNotDead() {
        Job queued = stored.queued(tenant, aJob().targeting(TARGET));

        JsonNode problem =
                assertProblem(post("/v1/dlq/" + queued.id() + "/retry", tenant.apiKey(), ""), 404, "not_found");
        assertProblem(delete("/v1/dlq/" + queued.id(), tenant.apiKey()), 404, "not_found");

        assertThat(problem.get("detail").asString()).contains("not in this tenant's dead-letter queue");
        assertThatJob(stored.find(queued.id())).isIn(JobState.QUEUED);
    }

    @Test
    void bulkRetryAnswersTheCountAndRequeuesOnlyTheMatchingJobs() {
        List<Job> dead =
                stored.dead(tenant, jobs(5, i -> aJob().targeting(TARGET).inQueue(i < 3 ? "emails" : "reports")));
        TestTenant neighbour = newTenant();
        Job neighbours = stored.dead(neighbour, aJob().targeting(TARGET).inQueue("emails"));

        try (DispatchLog dispatches = new DispatchLog(infra().kafkaBootstrapServers())) {
            HttpResponse<String> emails = post("/v1/dlq/retry", tenant.apiKey(), "{\"queue\": \"emails\"}");

            assertThat(emails.statusCode()).as(emails.body()).isEqualTo(200);
            assertThat(json(emails)).isEqualTo(JSON.readTree("{\"retried\": 3}"));
            List<UUID> retried = dead.stream()
                    .filter(job -> job.queue().equals("emails"))
                    .map(Job::id)
                    .toList();
            assertThat(retried).allSatisfy(id -> {
                Job job = stored.find(id);
                assertThatJob(job).isIn(JobState.QUEUED);
                assertThat(job.attemptsInBudget()).isZero();
            });
            assertThat(ids(listAll(tenant, "")))
                    .containsExactlyInAnyOrderElementsOf(
                            idsWhere(dead, job -> job.queue().equals("reports")));
            await("the bulk-retried jobs published through their outbox rows")
                    .atMost(KAFKA_WAIT)
                    .pollInSameThread()
                    .until(() -> {
                        dispatches.readNew();
                        return retried.stream()
                                .noneMatch(id -> dispatches.of(id).isEmpty());
                    });
        }

        HttpResponse<String> everything = post("/v1/dlq/retry", tenant.apiKey(), "");

        assertThat(json(everything)).isEqualTo(JSON.readTree("{\"retried\": 2}"));
        assertThat(listAll(tenant, "")).isEmpty();
        // another tenant's dead letter
        assertThatJob(stored.find(neighbours.id())).isIn(JobState.DEAD);
    }

    @Test
    void bulkRetryWithoutABodyOrContentTypeRetriesEverything() {
        stored.dead(tenant, jobs(2, i -> aJob().targeting(TARGET)));

        HttpResponse<String> response = send(request("/v1/dlq/retry", tenant.apiKey())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("retried").asInt()).isEqualTo(2);
    }

    @Test
    void bulkRetryCrossesItsBatchBoundary() {
        int count = JobRetrier.BULK_BATCH_SIZE + 7;
        List<Job> dead = stored.dead(tenant, jobs(count, i -> aJob().targeting(TARGET)));

        HttpResponse<String> response = post("/v1/dlq/retry", tenant.apiKey(), "{}");

        assertThat(json(response).get("retried").asInt()).isEqualTo(count);
        assertThat(dead).allSatisfy(job -> assertThatJob(stored.find(job.id())).isIn(JobState.QUEUED));
        assertThat(listAll(tenant, "")).isEmpty();
    }

    @Test
    void refusesAnInvalidBulkFilterAndRetriesNothing() {
        Job dead = stored.dead(tenant, aJob().targeting(TARGET));

        JsonNode invalid = assertProblem(
                post("/v1/dlq/retry", tenant.apiKey(), "{\"queue\": \"\", \"priority\": \"urgent\"}"),
                422,
                "validation_failed");
        assertProblem(post("/v1/dlq/retry", tenant.apiKey(), "{\"queu\": \"emails\"}"), 400, "unknown_field");
        assertProblem(post("/v1/dlq/retry", tenant.apiKey(), "{\"priority\": 1}"), 400, "wrong_type");

        assertThat(elements(invalid.get("errors")))
                .extracting(error -> error.get("field").asString())
                .containsExactly("queue", "priority");
        assertThatJob(stored.find(dead.id())).isIn(JobState.DEAD);
    }

    @Test
    void discardTakesAJobOffTheListButItStaysReadableAndRetryable() {
        Job kept = stored.dead(tenant, aJob().targeting(TARGET));
        Job discarded = stored.dead(tenant, aJob().targeting(TARGET));

        HttpResponse<String> response = delete("/v1/dlq/" + discarded.id(), tenant.apiKey());

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(ids(listAll(tenant, ""))).containsExactly(kept.id().toString());
        HttpResponse<String> read = get("/v1/jobs/" + discarded.id(), tenant.apiKey());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).get("state").asString()).isEqualTo("dead");

        assertProblem(delete("/v1/dlq/" + discarded.id(), tenant.apiKey()), 404, "not_found");
        assertProblem(post("/v1/dlq/" + discarded.id() + "/retry", tenant.apiKey(), ""), 404, "not_found");
        assertThatJob(stored.find(discarded.id())).isIn(JobState.DEAD);
        assertThat(json(post("/v1/dlq/retry", tenant.apiKey(), ""))
                        .get("retried")
                        .asInt())
                .as("only the job still in the dead-letter queue")
                .isEqualTo(1);
        assertThatJob(stored.find(discarded.id())).isIn(JobState.DEAD);

        HttpResponse<String> retriedAsAJob = post("/v1/jobs/" + discarded.id() + "/retry", tenant.apiKey(), "");
        assertThat(retriedAsAJob.statusCode()).isEqualTo(202);
        assertThat(json(retriedAsAJob).get("state").asString()).isEqualTo("queued");
    }

    @Test
    void hidesAnotherTenantsDeadLettersEverywhere() {
        TestTenant stranger = newTenant();
        Job dead = stored.dead(tenant, aJob().targeting(TARGET));

        assertThat(listAll(stranger, "")).isEmpty();
        assertProblem(post("/v1/dlq/" + dead.id() + "/retry", stranger.apiKey(), ""), 404, "not_found");
        assertProblem(delete("/v1/dlq/" + dead.id(), stranger.apiKey()), 404, "not_found");
        assertProblem(post("/v1/jobs/" + dead.id() + "/retry", stranger.apiKey(), ""), 404, "not_found");
        assertProblem(get("/v1/jobs/" + dead.id() + "/callbacks", stranger.apiKey()), 404, "not_found");
        assertThat(json(post("/v1/dlq/retry", stranger.apiKey(), ""))
                        .get("retried")
                        .asInt())
                .isZero();

        assertThatJob(stored.find(dead.id())).isIn(JobState.DEAD);
        assertThat(ids(listAll(tenant, ""))).containsExactly(dead.id().toString());
    }

    @Test
    void listsTheCallbackOfADeadJobWithEveryDelivery() {
        Job dead = stored.dead(tenant, aJob().targeting(TARGET).withCallbackUrl("https://svc.internal/hooks/done"));
        String path = "/v1/jobs/" + dead.id() + "/callbacks";

        JsonNode pending =
                elements(json(get(path, tenant.apiKey())).get("items")).getFirst();
        assertThat(fieldNames(pending))
                .containsExactly("id", "url", "job_state", "state", "next_attempt_at", "created_at", "deliveries");
        assertThat(pending.get("url").asString()).isEqualTo("https://svc.internal/hooks/done");
        assertThat(pending.get("job_state").asString()).isEqualTo("dead");
        assertThat(pending.get("state").asString()).isEqualTo("pending");
        assertThat(pending.get("next_attempt_at").isNull()).isFalse();
        assertThat(pending.get("deliveries").isEmpty()).isTrue();

        deliverAsTheWorkerDoes(dead.id(), 503, "HTTP 503", CallbackState.PENDING);
        deliverAsTheWorkerDoes(dead.id(), 200, null, CallbackState.DELIVERED);

        List<JsonNode> listed = elements(json(get(path, tenant.apiKey())).get("items"));
        assertThat(listed).singleElement().satisfies(callback -> {
            assertThat(callback.get("id").asLong()).isEqualTo(pending.get("id").asLong());
            assertThat(callback.get("state").asString()).isEqualTo("delivered");
            assertThat(callback.get("next_attempt_at").isNull())
                    .as("a delivered callback has no next attempt")
                    .isTrue();
            List<JsonNode> deliveries = elements(callback.get("deliveries"));
            assertThat(deliveries).hasSize(2);
            assertThat(fieldNames(deliveries.getFirst()))
                    .containsExactly("delivery", "started_at", "finished_at", "http_status", "error", "duration_ms");
            assertThat(deliveries.getFirst().get("delivery").asInt()).isEqualTo(1);
            assertThat(deliveries.getFirst().get("http_status").asInt()).isEqualTo(503);
            assertThat(deliveries.getFirst().get("error").asString()).isEqualTo("HTTP 503");
            assertThat(deliveries.get(1).get("delivery").asInt()).isEqualTo(2);
            assertThat(deliveries.get(1).get("http_status").asInt()).isEqualTo(200);
            assertThat(deliveries.get(1).get("error").isNull()).isTrue();
            assertThat(deliveries.get(1).get("duration_ms").asInt()).isEqualTo(25);
        });
    }

    @Test
    void listsNoCallbacksForAJobWithoutCallbackUrl() {
        Job dead = stored.dead(tenant, aJob().targeting(TARGET));

        HttpResponse<String> response = get("/v1/jobs/" + dead.id() + "/callbacks", tenant.apiKey());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).isEqualTo(JSON.readTree("{\"items\": []}"));
    }

    /**
     * One delivery of the job's callback, claimed and recorded as the worker's deliverer does. The
     * claim takes whatever is due, so callbacks of earlier tests are claimed too and left alone.
     */
    private void deliverAsTheWorkerDoes(UUID jobId, int status, String error, CallbackState outcome) {
        Instant now = clock.instant();
        DueCallback claimed = callbacks.claimDue(now.plusSeconds(1), now.plusSeconds(60), 10_000).stream()
                .filter(callback -> callback.jobId().equals(jobId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the callback of job " + jobId + " is not due"));
        assertThat(claimed.signingSecret()).isEqualTo(tenant.signingSecret());
        assertThat(callbacks.recordDelivery(
                        claimed.id(), claimed.delivery(), outcome, now, now, status, error, 25, now.plusMillis(25)))
                .isTrue();
    }

    /** Every job of the tenant's dead-letter queue matching the query, following next_cursor to the end. */
    private List<JsonNode> listAll(TestTenant owner, String query) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            String params = query + (cursor == null ? "" : (query.isEmpty() ? "" : "&") + "cursor=" + cursor);
            HttpResponse<String> page = get("/v1/dlq" + (params.isEmpty() ? "" : "?" + params), owner.apiKey());
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = json(page);
            assertThat(fieldNames(body)).containsExactly("items", "next_cursor");
            all.addAll(elements(body.get("items")));
            cursor = body.get("next_cursor").isNull()
                    ? null
                    : body.get("next_cursor").asString();
        } while (cursor != null);
        return all;
    }

    private static List<ValidatedJob> jobs(int count, IntFunction<JobBuilder> job) {
        return IntStream.range(0, count).mapToObj(i -> job.apply(i).build()).toList();
    }

    private static List<String> ids(List<JsonNode> jobs) {
        return jobs.stream().map(job -> job.get("id").asString()).toList();
    }

    private static List<String> idsWhere(List<Job> jobs, Predicate<Job> condition) {
        return jobs.stream().filter(condition).map(job -> job.id().toString()).toList();
    }

    private static List<String> fieldNames(JsonNode object) {
        return object.propertyNames().stream().toList();
    }
}
