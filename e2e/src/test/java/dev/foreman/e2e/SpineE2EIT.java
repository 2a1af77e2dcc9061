package dev.foreman.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.testkit.target.ReceivedRequest;
import dev.foreman.testkit.target.StubTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The spine, driven the way a user drives it: over HTTP, with an API key (see {@link ForemanSystem}).
 */
class SpineE2EIT {
    private static final Logger log = LoggerFactory.getLogger(SpineE2EIT.class);
    private static final List<String> PRIORITIES = List.of("high", "normal", "low");

    private static ForemanSystem system;
    private static StubTarget target;
    private static ForemanClient foreman;

    @BeforeAll
    static void startTheSystem() {
        system = ForemanSystem.shared();
        target = StubTarget.start();
        foreman = system.newTenantClient();
    }

    @AfterAll
    static void stopTheTarget() {
        target.close();
    }

    @Test
    void deliversAThousandJobsOfMixedPriorityATenthDelayedAllSucceedOnce() throws Exception {
        String queue = "e2e-" + UUID.randomUUID();
        long started = System.nanoTime();
        List<Map<String, Object>> bodies = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> job = job(queue, PRIORITIES.get(i % 3), target.url("/deliver"));
            job.put("payload", Map.of("n", i));
            if (i % 10 == 0) {
                job.put("delay", "2s");
            }
            bodies.add(job);
        }

        Map<String, JsonNode> submitted = submitConcurrently(bodies.subList(0, 500));
        for (int from = 500; from < 1000; from += 250) {
            foreman.submitBatch(bodies.subList(from, from + 250))
                    .ok()
                    .get("jobs")
                    .forEach(job -> submitted.put(job.get("id").asString(), job));
        }
        assertThat(submitted).hasSize(1000);
        assertThat(submitted.values())
                .filteredOn(job -> job.get("state").asString().equals("scheduled"))
                .hasSize(100);

        await("all 1,000 jobs succeeded")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() ->
                        foreman.listAll("queue=" + queue + "&state=succeeded").size() == 1000);
        log.info(
                "1,000 jobs submitted and succeeded in {} ms",
                Duration.ofNanos(System.nanoTime() - started).toMillis());

        Map<String, List<ReceivedRequest>> deliveries = target.received().stream()
                .filter(r -> queue.equals(r.header("foreman-queue")))
                .collect(Collectors.groupingBy(r -> r.header("foreman-job-id")));
        assertThat(deliveries.keySet()).isEqualTo(submitted.keySet());
        assertThat(deliveries.values()).allSatisfy(each -> assertThat(each).hasSize(1));

        for (ReceivedRequest delivery :
                deliveries.values().stream().map(List::getFirst).toList()) {
            JsonNode job = submitted.get(delivery.header("foreman-job-id"));
            assertThat(delivery.method()).isEqualTo("POST");
            assertThat(delivery.header("foreman-attempt")).isEqualTo("1");
            assertThat(delivery.header("foreman-job-type")).isEqualTo("e2e.deliver");
            assertThat(delivery.header("idempotency-key"))
                    .isEqualTo(job.get("id").asString());
            assertThat(delivery.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
            assertThat(delivery.header("foreman-signature")).matches("t=\\d+,v1=[0-9a-f]{64}");
            assertThat(delivery.body()).contains("\"n\"");
            Instant runAt = Instant.parse(job.get("run_at").asString());
            assertThat(delivery.receivedAt()).isAfterOrEqualTo(runAt);
        }

        JsonNode delayed = foreman.get("/v1/jobs/" + bodiesDelayedId(submitted)).ok();
        assertThat(delayed.get("state").asString()).isEqualTo("succeeded");
        JsonNode attempts = foreman.get("/v1/jobs/" + delayed.get("id").asString() + "/attempts")
                .ok();
        assertThat(attempts.get("items")).hasSize(1);
        assertThat(attempts.get("items").get(0).get("outcome").asString()).isEqualTo("succeeded");
        assertThat(attempts.get("items").get(0).get("http_status").asInt()).isEqualTo(200);
    }

    @Test
    void aRepeatedIdempotencyKeyGivesOneJob() {
        String queue = "e2e-idem-" + UUID.randomUUID();
        Map<String, Object> body = job(queue, "normal", target.url("/idempotent"));

        ForemanClient.Answer first = foreman.submit(body, "order-42");
        ForemanClient.Answer repeat = foreman.submit(body, "order-42");

        assertThat(first.status()).isEqualTo(202);
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(repeat.json().get("id").asString())
                .isEqualTo(first.json().get("id").asString());
        await("the one job succeeded")
                .atMost(Duration.ofSeconds(30))
                .until(() -> foreman.listAll("queue=" + queue).stream()
                        .allMatch(job -> job.get("state").asString().equals("succeeded")));
        assertThat(foreman.listAll("queue=" + queue)).hasSize(1);
    }

    @Test
    void anotherTenantsJobAnswersNotFound() {
        String id = foreman.submit(job("e2e-tenancy", "low", target.url("/tenancy")))
                .ok()
                .get("id")
                .asString();
        ForemanClient stranger = system.newTenantClient();

        ForemanClient.Answer answer = stranger.get("/v1/jobs/" + id);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(stranger.get("/v1/jobs/" + id + "/attempts").status()).isEqualTo(404);
        assertThat(stranger.listAll("queue=e2e-tenancy")).isEmpty();
    }

    private static Map<String, JsonNode> submitConcurrently(List<Map<String, Object>> bodies) throws Exception {
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (Map<String, Object> body : bodies) {
                answers.add(clients.submit(() -> foreman.submit(body).ok()));
            }
            Map<String, JsonNode> submitted = new LinkedHashMap<>();
            for (Future<JsonNode> answer : answers) {
                JsonNode job = answer.get();
                submitted.put(job.get("id").asString(), job);
            }
            return submitted;
        }
    }

    private static String bodiesDelayedId(Map<String, JsonNode> submitted) {
        return submitted.values().stream()
                .filter(job -> Instant.parse(job.get("run_at").asString())
                        .isAfter(Instant.parse(job.get("created_at").asString()).plusSeconds(1)))
                .map(job -> job.get("id").asString())
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, Object> job(String queue, String priority, String url) {
        Map<String, Object> job = new HashMap<>();
        job.put("queue", queue);
        job.put("type", "e2e.deliver");
        job.put("priority", priority);
        job.put("target", Map.of("url", url, "method", "POST"));
        return job;
    }
}
