package dev.foreman.api.jobs;

import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static dev.foreman.testkit.jobs.Jobs.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.api.RunningApi;
import dev.foreman.api.outbox.DispatchLog;
import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.StoredJobs;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Cancelling a job and a person's retry of a dead or cancelled one, through the API. */
class JobLifecycleIT extends RunningApi {
    private static final String TARGET = "https://svc.internal/hooks/welcome";
    private static final Duration KAFKA_WAIT = Duration.ofSeconds(30);

    /**
     * A test-only read: production never asks for one job's outbox rows, so no repository offers
     * it. The relay deletes rows it published, so zero rows proves nothing was written only for a
     * job that was never published either.
     */
    private static final String COUNT_OUTBOX_ROWS_OF_JOB = """
            SELECT count(*)
            FROM outbox
            WHERE job_id = :jobId
            """;

    @Autowired
    JobRepository jobs;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    private TestTenant tenant;

    @BeforeEach
    void freshTenant() {
        tenant = newTenant();
    }

    @Test
    void cancelsAScheduledJobSoThatTheSchedulerNeverQueuesIt() {
        JsonNode submitted = json(post("/v1/jobs", tenant.apiKey(), """
                {"target": {"url": "%s"}, "delay": "2s"}
                """.formatted(TARGET)));
        UUID id = id(submitted);
        assertThat(submitted.get("state").asString()).isEqualTo("scheduled");

        HttpResponse<String> cancelled = post("/v1/jobs/" + id + "/cancel", tenant.apiKey(), "");

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        JsonNode job = json(cancelled);
        assertThat(job.get("id").asString()).isEqualTo(id.toString());
        assertThat(job.get("state").asString()).isEqualTo("cancelled");
        assertThat(job.get("finished_at").isNull()).isFalse();
        assertThat(job.get("last_error").asString()).isEqualTo("cancelled by request");

        Instant pastItsRunAt = Instant.parse(submitted.get("run_at").asString()).plusSeconds(1);
        assertThat(promoteDueAsTheSchedulerDoes(pastItsRunAt))
                .extracting(DueJob::id)
                .doesNotContain(id);
        assertThat(outboxRowsOf(id)).isZero();
        assertThat(json(get("/v1/jobs/" + id, tenant.apiKey())).get("state").asString())
                .isEqualTo("cancelled");
        assertThat(json(get("/v1/jobs/" + id + "/attempts", tenant.apiKey()))
                        .get("items")
                        .isEmpty())
                .isTrue();
    }

    @Test
    void cancelsAQueuedJobSoThatItsKafkaRecordIsSkippedByTheClaim() {
        UUID id = id(json(post("/v1/jobs", tenant.apiKey(), "{\"target\": {\"url\": \"" + TARGET + "\"}}")));

        HttpResponse<String> cancelled = post("/v1/jobs/" + id + "/cancel", tenant.apiKey(), "");

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).get("state").asString()).isEqualTo("cancelled");
        assertThat(jobs.claimQueued(List.of(id), StoredJobs.WORKER, clock.instant(), Duration.ofSeconds(30)))
                .as("a worker that receives the job's record claims nothing")
                .isEmpty();
        assertThatJob(stored.find(id)).isIn(JobState.CANCELLED);
    }

    @Test
    void cancelsARunningJobSoThatItsWorkerLosesTheLeaseAndItsReportChangesNothing() {
        Job running = stored.running(tenant, aJob().targeting(TARGET));

        HttpResponse<String> cancelled = post("/v1/jobs/" + running.id() + "/cancel", tenant.apiKey(), "");

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).get("state").asString()).isEqualTo("cancelled");
        assertThat(jobs.renewLeases(
                                List.of(running.id()),
                                StoredJobs.WORKER,
                                clock.instant().plusSeconds(30),
                                clock.instant().plusSeconds(30))
                        .held())
                .as("the worker's heartbeat learns that its request must be aborted")
                .isEmpty();
        assertThat(stored.finish(running, JobState.SUCCEEDED, AttemptOutcome.SUCCEEDED, 200, null))
                .as("the late report of the worker")
                .isFalse();
        assertThatJob(stored.find(running.id())).isIn(JobState.CANCELLED);
        JsonNode attempts = json(get("/v1/jobs/" + running.id() + "/attempts", tenant.apiKey()));
        assertThat(elements(attempts.get("items"))).singleElement().satisfies(attempt -> {
            assertThat(attempt.get("attempt").asInt()).isEqualTo(1);
            assertThat(attempt.get("outcome").asString()).isEqualTo("cancelled");
        });
    }

    @Test
    void answersConflictWhenCancellingAJobThatHasEnded() {
        Job succeeded = stored.succeeded(tenant, aJob().targeting(TARGET));
        Job dead = stored.dead(tenant, aJob().targeting(TARGET));
        UUID cancelled = id(json(post("/v1/jobs", tenant.apiKey(), "{\"target\": {\"url\": \"" + TARGET + "\"}}")));
        assertThat(post("/v1/jobs/" + cancelled + "/cancel", tenant.apiKey(), "")
                        .statusCode())
                .isEqualTo(200);

        for (var ended : List.of(
                new Ended(succeeded.id(), "succeeded"),
                new Ended(dead.id(), "dead"),
                new Ended(cancelled, "cancelled"))) {
            HttpResponse<String> again = post("/v1/jobs/" + ended.id() + "/cancel", tenant.apiKey(), "");

            JsonNode problem = assertProblem(again, 409, "job_not_cancellable");
            assertThat(problem.get("detail").asString()).contains("is " + ended.state());
            assertThat(stored.find(ended.id()).state().wireName()).isEqualTo(ended.state());
        }
    }

    @Test
    void retriesADeadJobWithAFreshAttemptBudgetAndKeepsItsHistory() {
        Job dead = stored.dead(tenant, aJob().targeting(TARGET).withMaxAttempts(1));
        assertThat(dead.attemptsInBudget()).isEqualTo(1);

        try (DispatchLog dispatches = new DispatchLog(infra().kafkaBootstrapServers())) {
            HttpResponse<String> retried = post("/v1/jobs/" + dead.id() + "/retry", tenant.apiKey(), "");

            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
            JsonNode job = json(retried);
            assertThat(job.get("state").asString()).isEqualTo("queued");
            assertThat(job.get("attempt").asInt())
                    .as("attempt numbers continue")
                    .isEqualTo(1);
            assertThat(job.get("finished_at").isNull()).isTrue();

            Job requeued = stored.find(dead.id());
            assertThatJob(requeued).isIn(JobState.QUEUED);
            assertThat(requeued.attemptsInBudget()).isZero();
            assertThat(requeued.budgetStartAttempt()).isEqualTo(1);
            assertThat(requeued.retryWindowStart()).isAfter(dead.createdAt());

            JsonNode attempts = json(get("/v1/jobs/" + dead.id() + "/attempts", tenant.apiKey()));
            assertThat(elements(attempts.get("items"))).singleElement().satisfies(attempt -> {
                assertThat(attempt.get("attempt").asInt()).isEqualTo(1);
                assertThat(attempt.get("http_status").asInt()).isEqualTo(400);
            });

            await("the retried job " + dead.id() + " published through its outbox row")
                    .atMost(KAFKA_WAIT)
                    .pollInSameThread()
                    .until(() -> !dispatches.readNew().of(dead.id()).isEmpty());
        }
        Job claimedAgain = stored.claim(List.of(dead.id())).getFirst().job();
        assertThat(claimedAgain.attempt()).isEqualTo(2);
        assertThat(claimedAgain.attemptsInBudget())
                .as("the first attempt of the new budget")
                .isEqualTo(1);
    }

    @Test
    void retriesACancelledJob() {
        UUID id = id(json(post("/v1/jobs", tenant.apiKey(), """
                {"target": {"url": "%s"}, "delay": "1h"}
                """.formatted(TARGET))));
        assertThat(post("/v1/jobs/" + id + "/cancel", tenant.apiKey(), "").statusCode())
                .isEqualTo(200);

        try (DispatchLog dispatches = new DispatchLog(infra().kafkaBootstrapServers())) {
            HttpResponse<String> retried = post("/v1/jobs/" + id + "/retry", tenant.apiKey(), "");

            assertThat(retried.statusCode()).isEqualTo(202);
            assertThat(json(retried).get("state").asString())
                    .as("a retry runs the job now, whatever its run_at was")
                    .isEqualTo("queued");
            await("the retried job " + id + " published through its outbox row")
                    .atMost(KAFKA_WAIT)
                    .pollInSameThread()
                    .until(() -> !dispatches.readNew().of(id).isEmpty());
        }
    }

    @Test
    void answersConflictWhenRetryingAJobThatHasNotEndedOrSucceeded() {
        UUID queued = id(json(post("/v1/jobs", tenant.apiKey(), "{\"target\": {\"url\": \"" + TARGET + "\"}}")));
        Job running = stored.running(tenant, aJob().targeting(TARGET));
        Job succeeded = stored.succeeded(tenant, aJob().targeting(TARGET));

        JsonNode notEnded =
                assertProblem(post("/v1/jobs/" + queued + "/retry", tenant.apiKey(), ""), 409, "job_not_retryable");
        JsonNode stillRunning = assertProblem(
                post("/v1/jobs/" + running.id() + "/retry", tenant.apiKey(), ""), 409, "job_not_retryable");
        JsonNode done = assertProblem(
                post("/v1/jobs/" + succeeded.id() + "/retry", tenant.apiKey(), ""), 409, "job_not_retryable");

        assertThat(notEnded.get("detail").asString()).contains("is queued").contains("/cancel");
        assertThat(stillRunning.get("detail").asString()).contains("is running");
        assertThat(done.get("detail").asString()).contains("is succeeded").contains("submit a new job");
        assertThatJob(stored.find(running.id())).isIn(JobState.RUNNING);
        assertThatJob(stored.find(succeeded.id())).isIn(JobState.SUCCEEDED);
    }

    @Test
    void hidesAnotherTenantsJobFromCancelRetryAndCallbacks() {
        TestTenant stranger = newTenant();
        Job dead = stored.dead(tenant, aJob().targeting(TARGET));
        UUID queued = id(json(post("/v1/jobs", tenant.apiKey(), "{\"target\": {\"url\": \"" + TARGET + "\"}}")));

        assertProblem(post("/v1/jobs/" + queued + "/cancel", stranger.apiKey(), ""), 404, "not_found");
        assertProblem(post("/v1/jobs/" + dead.id() + "/retry", stranger.apiKey(), ""), 404, "not_found");
        assertProblem(get("/v1/jobs/" + dead.id() + "/callbacks", stranger.apiKey()), 404, "not_found");

        assertThatJob(stored.find(queued)).isIn(JobState.QUEUED);
        assertThatJob(stored.find(dead.id())).isIn(JobState.DEAD);
    }

    @Test
    void answersNotFoundForAnUnknownOrMalformedId() {
        for (String id : List.of(UUID.randomUUID().toString(), "not-a-uuid")) {
            assertProblem(post("/v1/jobs/" + id + "/cancel", tenant.apiKey(), ""), 404, "not_found");
            assertProblem(post("/v1/jobs/" + id + "/retry", tenant.apiKey(), ""), 404, "not_found");
            assertProblem(get("/v1/jobs/" + id + "/callbacks", tenant.apiKey()), 404, "not_found");
        }
    }

    /** What the scheduler's promoter does: queue the due jobs with their outbox rows, in one statement. */
    private List<DueJob> promoteDueAsTheSchedulerDoes(Instant now) {
        return stored.promoteDue(now, 10_000);
    }

    private long outboxRowsOf(UUID jobId) {
        return jdbc.sql(COUNT_OUTBOX_ROWS_OF_JOB)
                .param("jobId", jobId)
                .query(Long.class)
                .single();
    }

    private record Ended(UUID id, String state) {}
}
