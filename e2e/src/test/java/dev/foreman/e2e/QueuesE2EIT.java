package dev.foreman.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.testkit.target.ReceivedRequest;
import dev.foreman.testkit.target.StubTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Queues you can steer, end to end over HTTP (DESIGN §3.2): pause, resume and purge, a queue's
 * concurrency and rate limits held by the whole fleet, flow-control keys across queues, and one
 * tenant's hung target leaving room for another tenant.
 */
class QueuesE2EIT {
    private static ForemanSystem system;

    private ForemanClient foreman;
    private StubTarget target;

    @BeforeAll
    static void startTheSystem() {
        system = ForemanSystem.shared();
    }

    @BeforeEach
    void freshTenantAndTarget() {
        foreman = system.newTenantClient();
        target = StubTarget.start();
    }

    @AfterEach
    void stopTarget() {
        target.close();
    }

    @Test
    void twoWorkersNeverRunMoreThanAQueuesMaxConcurrencyAtOnce() {
        String queue = newQueue();
        foreman.patch("/v1/queues/" + queue, "{\"max_concurrency\": 3}").ok();
        target.delay(Duration.ofMillis(500));
        try (ConfigurableApplicationContext second = system.anotherWorker()) {
            List<String> ids = submit(queue, 200, "/slow");

            target.awaitCount(200, Duration.ofSeconds(120));

            assertThat(target.mostInFlight()).isBetween(2, 3);
            assertThat(distinctJobs(target.received())).hasSize(200);
            await("every job succeeded").atMost(Duration.ofSeconds(30)).until(() -> count(queue, "running") == 0);
            JsonNode parkedOnce = firstWithHold(ids, "queue_concurrency");
            assertThat(parkedOnce.get("attempt").asInt())
                    .as("parking counts no attempt")
                    .isEqualTo(1);
        }
    }

    @Test
    void aRateLimitedQueueStartsTwentyASecondAfterItsBurst() {
        String queue = newQueue();
        foreman.patch("/v1/queues/" + queue, "{\"rate_limit\": {\"per_second\": 20, \"burst\": 20}}")
                .ok();
        submit(queue, 400, "/rated");

        List<ReceivedRequest> received = target.awaitCount(400, Duration.ofSeconds(60));

        List<Instant> starts =
                received.stream().map(ReceivedRequest::receivedAt).sorted().toList();
        double seconds = Duration.between(starts.get(20), starts.get(399)).toNanos() / 1e9;
        double rate = (399 - 20) / seconds;
        assertThat(rate).as("starts a second after the burst").isBetween(19.0, 21.0);
    }

    @Test
    void aPausedQueueStartsNothingWhileAnotherFlowsAndResumingFinishesEveryJob() {
        String paused = newQueue();
        String flowing = newQueue();
        foreman.post("/v1/queues/" + paused + "/pause", null).ok();
        List<String> held = submit(paused, 1000, "/paused");
        List<String> other = submit(flowing, 100, "/flowing");

        await("the other queue's jobs all ran")
                .atMost(Duration.ofSeconds(30))
                .until(() -> target.received().stream()
                                .filter(r -> r.path().equals("/flowing"))
                                .count()
                        == other.size());
        // Every paused job reached a worker and was parked, not started.
        await("the paused queue's jobs were parked")
                .atMost(Duration.ofSeconds(30))
                .until(() ->
                        held.subList(held.size() - 20, held.size()).stream().allMatch(id -> hasHold(id, "paused")));
        assertThat(target.received()).noneMatch(r -> r.path().equals("/paused"));
        JsonNode queue = foreman.get("/v1/queues/" + paused).ok();
        assertThat(queue.get("paused").asBoolean()).isTrue();
        assertThat(queue.get("counts").get("queued").asLong()).isEqualTo(1000);
        assertThat(foreman.get("/v1/jobs/" + held.getFirst()).ok().get("state").asString())
                .isEqualTo("queued");

        foreman.post("/v1/queues/" + paused + "/resume", null).ok();

        await("every paused job ran after the resume")
                .atMost(Duration.ofSeconds(60))
                .until(() -> target.received().stream()
                                .filter(r -> r.path().equals("/paused"))
                                .count()
                        >= held.size());
        assertThat(distinctJobs(target.received())).containsAll(held);
    }

    @Test
    void purgingAPausedQueueCancelsAllItsJobsAndNothingElse() {
        String purged = newQueue();
        String kept = newQueue();
        foreman.post("/v1/queues/" + purged + "/pause", null).ok();
        foreman.post("/v1/queues/" + kept + "/pause", null).ok();
        List<String> doomed = submit(purged, 300, "/purged");
        submit(kept, 20, "/kept");

        JsonNode answer = foreman.post("/v1/queues/" + purged + "/purge", null).ok();

        assertThat(answer.get("cancelled").asLong()).isEqualTo(300);
        assertThat(foreman.get("/v1/queues/" + purged)
                        .ok()
                        .get("counts")
                        .get("queued")
                        .asLong())
                .isZero();
        assertThat(foreman.get("/v1/queues/" + kept)
                        .ok()
                        .get("counts")
                        .get("queued")
                        .asLong())
                .isEqualTo(20);
        JsonNode job = foreman.get("/v1/jobs/" + doomed.getFirst()).ok();
        assertThat(job.get("state").asString()).isEqualTo("cancelled");
        assertThat(hasHold(doomed.getFirst(), "purged")).isTrue();
        foreman.post("/v1/queues/" + purged + "/resume", null).ok();
        assertThat(target.received()).noneMatch(r -> r.path().equals("/purged"));
    }

    @Test
    void aFlowControlKeyLimitedToOneRunsOneAtATimeAcrossTwoQueues() {
        target.delay(Duration.ofMillis(200));
        String key = "customer-" + UUID.randomUUID();
        List<String> queues = List.of(newQueue(), newQueue());
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Map<String, Object> job = job(queues.get(i % 2), "/keyed");
            job.put("flow_control", Map.of("key", key, "max_concurrency", 1));
            jobs.add(job);
        }
        foreman.submitBatch(jobs).ok();

        target.awaitCount(20, Duration.ofSeconds(60));

        assertThat(target.mostInFlight()).isEqualTo(1);
    }

    @Test
    void aTenantWhoseTargetHangsCannotTakeEverySlotFromAnotherTenant() throws IOException {
        // A tarpit: connections are accepted by the kernel and never answered.
        try (ServerSocket tarpit = new ServerSocket()) {
            tarpit.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            String tarpitUrl = "http://127.0.0.1:" + tarpit.getLocalPort() + "/hang";
            String hogQueue = newQueue();
            List<Map<String, Object>> hog = new ArrayList<>();
            for (int i = 0; i < 1100; i++) {
                Map<String, Object> job = new LinkedHashMap<>();
                job.put("queue", hogQueue);
                job.put("target", Map.of("url", tarpitUrl));
                job.put("timeout", "10s");
                job.put("retry", Map.of("max_attempts", 1));
                hog.add(job);
            }
            foreman.submitBatch(hog.subList(0, 1000)).ok();
            foreman.submitBatch(hog.subList(1000, hog.size())).ok();
            await("the hog's jobs hold their share of the fleet")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> count(hogQueue, "running") >= 400);

            ForemanClient other = system.newTenantClient();
            long submitted = System.nanoTime();
            String id = other.submit(job(newQueue(), "/other")).ok().get("id").asString();
            target.awaitCount(1, Duration.ofSeconds(10));
            long waitedMs = (System.nanoTime() - submitted) / 1_000_000;

            assertThat(target.received().getFirst().jobId()).isEqualTo(id);
            assertThat(waitedMs)
                    .as("the other tenant's job started within a second")
                    .isLessThan(1000);
            // Attempts over the hog's share wait for share-wait (250 ms) before they are parked.
            await("the hog holds no more than its share")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> count(hogQueue, "running") <= 512);
            foreman.post("/v1/queues/" + hogQueue + "/purge", null).ok();
        }
    }

    private List<String> submit(String queue, int count, String path) {
        List<String> ids = new ArrayList<>();
        for (int start = 0; start < count; start += 1000) {
            List<Map<String, Object>> jobs = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 1000); i++) {
                jobs.add(job(queue, path));
            }
            foreman.submitBatch(jobs)
                    .ok()
                    .get("jobs")
                    .forEach(j -> ids.add(j.get("id").asString()));
        }
        return ids;
    }

    private Map<String, Object> job(String queue, String path) {
        Map<String, Object> job = new HashMap<>();
        job.put("queue", queue);
        job.put("target", Map.of("url", target.url(path)));
        return job;
    }

    private long count(String queue, String state) {
        return foreman.get("/v1/queues/" + queue).ok().get("counts").get(state).asLong();
    }

    private boolean hasHold(String jobId, String reason) {
        for (JsonNode hold : foreman.get("/v1/jobs/" + jobId + "/attempts").ok().get("holds")) {
            if (hold.get("reason").asString().equals(reason)) {
                return true;
            }
        }
        return false;
    }

    private JsonNode firstWithHold(List<String> ids, String reason) {
        for (String id : ids.reversed()) {
            if (hasHold(id, reason)) {
                return foreman.get("/v1/jobs/" + id).ok();
            }
        }
        throw new AssertionError("no job was held for " + reason);
    }

    private static Set<String> distinctJobs(List<ReceivedRequest> received) {
        Set<String> ids = new HashSet<>();
        received.forEach(r -> ids.add(r.jobId()));
        return ids;
    }

    private static String newQueue() {
        return "q-" + UUID.randomUUID();
    }
}
