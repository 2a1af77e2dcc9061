package dev.foreman.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.testkit.target.ReceivedRequest;
import dev.foreman.testkit.target.StubTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Failure paths end to end, over HTTP: retries with back-off, Retry-After, timeouts, permanent
 * errors, the dead-letter queue and cancellation (DESIGN §2 and §4).
 */
class FailureSemanticsE2EIT {
    private static final Logger log = LoggerFactory.getLogger(FailureSemanticsE2EIT.class);
    private static ForemanSystem system;

    private ForemanClient foreman;
    private StubTarget target;
    private String queue;

    @BeforeAll
    static void startTheSystem() {
        system = ForemanSystem.shared();
    }

    @BeforeEach
    void freshTenantTargetAndQueue() {
        foreman = system.newTenantClient();
        target = StubTarget.start();
        queue = "failures-" + UUID.randomUUID();
    }

    @AfterEach
    void stopTarget() {
        target.close();
    }

    @Test
    void aThousandJobsAgainstATargetFailingThirtyPercentAllSucceedAndNoneIsDeliveredAfterItsSuccess() {
        target.respondRandomly(0.3, 500, 42);
        long started = System.nanoTime();
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> job = job("/flaky");
            job.put("payload", Map.of("n", i));
            // 20 attempts: the chance that a job fails all of them at 30% is 0.3^20, about 3e-11.
            job.put("retry", Map.of("max_attempts", 20, "min_backoff", "PT0.1S", "max_backoff", "1s"));
            jobs.add(job);
        }
        for (int from = 0; from < 1000; from += 500) {
            foreman.submitBatch(jobs.subList(from, from + 500)).ok();
        }

        await("all 1,000 flaky jobs succeeded")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() ->
                        foreman.listAll("queue=" + queue + "&state=succeeded").size() == 1000);
        log.info(
                "1,000 jobs at 30% failures succeeded in {} ms",
                Duration.ofNanos(System.nanoTime() - started).toMillis());

        Map<String, List<ReceivedRequest>> deliveries =
                target.received().stream().collect(Collectors.groupingBy(ReceivedRequest::jobId));
        assertThat(deliveries).hasSize(1000);
        int retried = 0;
        for (Map.Entry<String, List<ReceivedRequest>> job : deliveries.entrySet()) {
            List<JsonNode> attempts = foreman.attempts(job.getKey());
            // Every request the target received is an attempt on record, and only the last one
            // succeeded: the target never saw a job again after answering it 2xx.
            assertThat(attempts).hasSize(job.getValue().size());
            assertThat(attempts.getLast().get("outcome").asString()).isEqualTo("succeeded");
            assertThat(attempts.subList(0, attempts.size() - 1))
                    .allSatisfy(failed ->
                            assertThat(failed.get("http_status").asInt()).isEqualTo(500));
            if (attempts.size() > 1) {
                retried++;
            }
        }
        assertThat(retried).as("jobs that needed a retry").isGreaterThan(200);
    }

    @Test
    void aJobFailingTwiceSucceedsOnItsThirdAttemptWithinTheConfiguredBackoff() {
        target.failTimes(2, 503);
        Map<String, Object> job = job("/twice");
        job.put("retry", Map.of("max_attempts", 5, "min_backoff", "1s", "max_backoff", "10s"));
        String id = foreman.submit(job).ok().get("id").asString();

        JsonNode done = foreman.awaitState(id, "succeeded", Duration.ofSeconds(30));

        assertThat(done.get("attempt").asInt()).isEqualTo(3);
        List<JsonNode> attempts = foreman.attempts(id);
        assertThat(attempts)
                .extracting(a -> a.get("outcome").asString())
                .containsExactly("failed", "failed", "succeeded");
        // Full jitter: the n-th wait is somewhere in [0, min_backoff × 2^(n-1)], plus dispatch overhead.
        assertThat(gap(attempts.get(0), attempts.get(1))).isLessThan(Duration.ofMillis(1000 + 1500));
        assertThat(gap(attempts.get(1), attempts.get(2))).isLessThan(Duration.ofMillis(2000 + 1500));
    }

    @Test
    void retryAfterOnATooManyRequestsAnswerDelaysTheNextAttemptAtLeastThatLong() {
        target.failTimes(1, 429, Map.of("Retry-After", "3"));
        Map<String, Object> job = job("/throttled");
        job.put("retry", Map.of("max_attempts", 3, "min_backoff", "PT0.1S", "max_backoff", "PT0.2S"));
        String id = foreman.submit(job).ok().get("id").asString();

        foreman.awaitState(id, "succeeded", Duration.ofSeconds(30));

        List<ReceivedRequest> received = target.receivedFor(id);
        assertThat(received).hasSize(2);
        assertThat(Duration.between(
                        received.get(0).receivedAt(), received.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aTargetHangingLongerThanTheTimeoutIsRetried() {
        target.delay(Duration.ofSeconds(3));
        Map<String, Object> job = job("/hangs");
        job.put("timeout", "1s");
        job.put("retry", Map.of("max_attempts", 2, "min_backoff", "PT0.1S", "max_backoff", "PT0.2S"));
        String id = foreman.submit(job).ok().get("id").asString();

        JsonNode dead = foreman.awaitState(id, "dead", Duration.ofSeconds(30));

        assertThat(foreman.attempts(id))
                .extracting(a -> a.get("outcome").asString())
                .containsExactly("timed_out", "timed_out");
        assertThat(dead.get("last_error").asString()).contains("timed out");
    }

    @Test
    void aBadRequestAnswerIsDeadAfterOneAttempt() {
        target.respondWith(400);
        String id = foreman.submit(job("/rejects")).ok().get("id").asString();

        foreman.awaitState(id, "dead", Duration.ofSeconds(30));

        assertThat(foreman.attempts(id)).hasSize(1);
        assertThat(target.receivedFor(id)).hasSize(1);
    }

    @Test
    void anAlwaysFailingJobIsDeadAfterMaxAttemptsAndABulkDeadLetterRetryBringsItBack() {
        target.respondWith(500);
        Map<String, Object> job = job("/broken");
        job.put("retry", Map.of("max_attempts", 3, "min_backoff", "PT0.1S", "max_backoff", "PT0.2S"));
        String id = foreman.submit(job).ok().get("id").asString();

        foreman.awaitState(id, "dead", Duration.ofSeconds(30));
        assertThat(foreman.attempts(id)).hasSize(3);
        assertThat(foreman.get("/v1/dlq?queue=" + queue).ok().get("items"))
                .extracting(item -> item.get("id").asString())
                .containsExactly(id);

        target.respondWith(200);
        JsonNode retried =
                foreman.post("/v1/dlq/retry", "{\"queue\":\"" + queue + "\"}").ok();
        assertThat(retried.get("retried").asInt()).isEqualTo(1);

        JsonNode done = foreman.awaitState(id, "succeeded", Duration.ofSeconds(30));
        assertThat(done.get("attempt").asInt()).isEqualTo(4);
        assertThat(foreman.attempts(id)).hasSize(4);
        assertThat(foreman.get("/v1/dlq?queue=" + queue).ok().get("items")).isEmpty();
    }

    @Test
    void aRunningJobCancelledByAPersonStaysCancelledWhenItsTargetAnswersLate() {
        target.delay(Duration.ofSeconds(4));
        Map<String, Object> job = job("/slow");
        job.put("timeout", "60s");
        String id = foreman.submit(job).ok().get("id").asString();
        target.awaitCount(1, Duration.ofSeconds(15));

        JsonNode cancelled = foreman.post("/v1/jobs/" + id + "/cancel", null).ok();

        assertThat(cancelled.get("state").asString()).isEqualTo("cancelled");
        await("the job stays cancelled past the target's late answer")
                .during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(8))
                .until(() -> foreman.get("/v1/jobs/" + id)
                        .ok()
                        .get("state")
                        .asString()
                        .equals("cancelled"));
        assertThat(foreman.attempts(id))
                .extracting(a -> a.get("outcome").asString())
                .containsExactly("cancelled");
        assertThat(target.receivedFor(id)).hasSize(1);
        assertThat(foreman.post("/v1/jobs/" + id + "/cancel", null).status()).isEqualTo(409);
    }

    private static Duration gap(JsonNode earlier, JsonNode later) {
        return Duration.between(
                Instant.parse(earlier.get("finished_at").asString()),
                Instant.parse(later.get("started_at").asString()));
    }

    private Map<String, Object> job(String path) {
        Map<String, Object> job = new HashMap<>();
        job.put("queue", queue);
        job.put("type", "e2e.failures");
        job.put("target", Map.of("url", target.url(path)));
        return job;
    }
}
