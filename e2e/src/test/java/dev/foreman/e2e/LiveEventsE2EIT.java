package dev.foreman.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.testkit.target.StubTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/events} and {@code GET /v1/stats} (DESIGN §3.3) against the running system, over
 * HTTP only: each test has tenants of its own.
 */
class LiveEventsE2EIT {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static ForemanSystem system;
    private static StubTarget target;
    private static StubTarget refusingTarget;

    @BeforeAll
    static void startTheSystem() {
        system = ForemanSystem.shared();
        target = StubTarget.start();
        refusingTarget = StubTarget.start().respondWith(400);
    }

    @AfterAll
    static void stopTheTargets() {
        target.close();
        refusingTarget.close();
    }

    @Test
    void aJobsQueuedRunningSucceededEventsArriveInOrderWithinASecond() {
        ForemanClient foreman = system.newTenantClient();
        try (SseClient events = SseClient.open(foreman)) {
            assertThat(events.status()).isEqualTo(200);
            events.await("the first stats", r -> "stats".equals(r.name()), Duration.ofSeconds(10));

            String id = submit(foreman, "live", target.url("/ok"), Map.of())
                    .get("id")
                    .asString();

            events.await(
                    "job " + id + " succeeded",
                    r -> r.isJob() && r.data().contains(id) && r.data().contains("\"succeeded\""),
                    Duration.ofSeconds(10));
            List<SseClient.Received> mine = events.jobEventsOf(id);
            assertThat(mine)
                    .extracting(r -> r.json().get("state").asString())
                    .containsExactly("queued", "running", "succeeded");
            assertThat(mine).extracting(r -> r.json().get("attempt").asInt()).containsExactly(0, 1, 1);
            JsonNode first = mine.getFirst().json();
            assertThat(first.get("queue").asString()).isEqualTo("live");
            assertThat(first.get("type").asString()).isEqualTo("e2e.live");
            assertThat(first.get("priority").asString()).isEqualTo("normal");
            for (SseClient.Received event : mine) {
                Instant at = Instant.parse(event.json().get("at").asString());
                assertThat(Duration.between(at, event.arrivedAt()))
                        .as("delivery of %s", event.data())
                        .isLessThan(Duration.ofSeconds(1));
                assertThat(event.id()).matches("\\d+-\\d+-\\d+");
            }
        }
    }

    @Test
    void anotherTenantsEventsNeverArrive() {
        ForemanClient alice = system.newTenantClient();
        ForemanClient bob = system.newTenantClient();
        try (SseClient alices = SseClient.open(alice);
                SseClient bobs = SseClient.open(bob)) {
            String id = submit(alice, "secret", target.url("/ok"), Map.of())
                    .get("id")
                    .asString();
            try (SseClient bobWatchingAlicesJob = SseClient.open(bob, "job_id=" + id, Map.of())) {
                alices.await(
                        "alice sees her job succeed",
                        r -> r.isJob() && r.data().contains(id) && r.data().contains("\"succeeded\""),
                        Duration.ofSeconds(10));
                // Bob's stream runs through the same relay and fan-out: by his next heartbeat after
                // Alice saw the end, an event of hers would have reached him.
                Instant sawTheEnd = Instant.now();
                bobs.await(
                        "a heartbeat after the job ended",
                        r -> "heartbeat".equals(r.comment()) && r.arrivedAt().isAfter(sawTheEnd.plusMillis(200)),
                        Duration.ofSeconds(5));
                assertThat(bobs.jobEvents()).isEmpty();
                assertThat(bobWatchingAlicesJob.jobEvents()).isEmpty();
                assertThat(bobs.received())
                        .noneMatch(r -> r.data() != null && r.data().contains(id));
            }
        }
    }

    @Test
    void aReconnectWithLastEventIdGetsExactlyTheMissedEvents() {
        ForemanClient foreman = system.newTenantClient();
        String lastSeen;
        String before;
        try (SseClient events = SseClient.open(foreman)) {
            events.await("the first stats", r -> "stats".equals(r.name()), Duration.ofSeconds(10));
            before = submit(foreman, "resume", target.url("/ok"), Map.of())
                    .get("id")
                    .asString();
            lastSeen = events.await(
                            "the first job succeeded",
                            r -> r.isJob()
                                    && r.data().contains(before)
                                    && r.data().contains("\"succeeded\""),
                            Duration.ofSeconds(10))
                    .id();
        }
        // Missed while disconnected: two jobs, each queued, running, succeeded.
        List<String> missed = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String id = submit(foreman, "resume", target.url("/ok"), Map.of())
                    .get("id")
                    .asString();
            foreman.awaitState(id, "succeeded", Duration.ofSeconds(10));
            missed.add(id);
        }

        try (SseClient resumed = SseClient.open(foreman, "", Map.of("Last-Event-ID", lastSeen))) {
            await("the missed events")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> resumed.jobEvents().size() >= 6);
            List<SseClient.Received> got = resumed.jobEvents();
            assertThat(got).hasSize(6);
            assertThat(got)
                    .extracting(r -> r.json().get("id").asString())
                    .containsExactly(
                            missed.get(0), missed.get(0), missed.get(0), missed.get(1), missed.get(1), missed.get(1));
            assertThat(got)
                    .extracting(r -> r.json().get("state").asString())
                    .containsExactly("queued", "running", "succeeded", "queued", "running", "succeeded");
            assertThat(got).noneMatch(r -> r.data().contains(before));
        }
        // The same through the query parameter, from after the first missed job.
        String afterFirst = null;
        try (SseClient resumed = SseClient.open(foreman, "", Map.of("Last-Event-ID", lastSeen))) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> resumed.jobEvents().size() >= 6);
            afterFirst = resumed.jobEvents().get(2).id();
        }
        try (SseClient resumed = SseClient.open(foreman, "last_event_id=" + afterFirst, Map.of())) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> resumed.jobEvents().size() >= 3);
            assertThat(resumed.jobEvents())
                    .extracting(r -> r.json().get("id").asString())
                    .containsOnly(missed.get(1));
        }
    }

    @Test
    void anIdOlderThanTheBufferGetsAReset() {
        ForemanClient foreman = system.newTenantClient();
        try (SseClient events = SseClient.open(foreman, "", Map.of("Last-Event-ID", "1000-0"))) {
            SseClient.Received reset = events.await("a reset", r -> "reset".equals(r.name()), Duration.ofSeconds(5));
            assertThat(reset.json().get("reason").asString()).isEqualTo("last_event_id_expired");
        }
    }

    @Test
    void aHeartbeatArrivesWhileIdle() {
        ForemanClient foreman = system.newTenantClient();
        try (SseClient events = SseClient.open(foreman)) {
            events.await("a heartbeat", r -> "heartbeat".equals(r.comment()), Duration.ofSeconds(5));
            assertThat(events.jobEvents()).isEmpty();
        }
    }

    @Test
    void filtersByQueueAndRefusesAMalformedLastEventId() {
        ForemanClient foreman = system.newTenantClient();
        try (SseClient onlyB = SseClient.open(foreman, "queue=b", Map.of())) {
            events(foreman, "a");
            String b =
                    submit(foreman, "b", target.url("/ok"), Map.of()).get("id").asString();
            onlyB.await("b's job", r -> r.isJob() && r.data().contains(b), Duration.ofSeconds(10));
            assertThat(onlyB.jobEvents())
                    .allMatch(r -> r.json().get("queue").asString().equals("b"));
        }
        ForemanClient.Answer refused = foreman.get("/v1/events?last_event_id=yesterday");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("code").asString()).isEqualTo("invalid_parameter");
    }

    @Test
    void aSlowClientIsDroppedWhileOneThatReadsKeepsItsStream() throws Exception {
        ForemanClient foreman = system.newTenantClient();
        URI api = URI.create(foreman.baseUrl());
        try (Socket slow = new Socket();
                SseClient healthy = SseClient.open(foreman)) {
            // A tiny window and no reading: the server's writes block once the kernel's buffers between
            // the two are full (megabytes on loopback). Then whichever rule fires first drops it: 4,096
            // more events held for it, or a write that makes no progress for 10 s.
            slow.setReceiveBufferSize(1024);
            slow.connect(new InetSocketAddress(api.getHost(), api.getPort()), 5000);
            OutputStream out = slow.getOutputStream();
            out.write(("GET /v1/events HTTP/1.1\r\nHost: " + api.getHost() + "\r\nAuthorization: Bearer "
                            + foreman.apiKey() + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            double droppedBefore = droppedClients();

            // Scheduled jobs: an event each (about 500 bytes of stream with the longest queue and type
            // names) and no work for the workers. Batches until the slow client is dropped, each awaited
            // on the healthy stream, so the load stays what a busy tenant makes and the healthy client
            // is never a whole client buffer behind.
            int sent = 0;
            for (int batch = 0; batch < 40 && droppedClients() <= droppedBefore; batch++) {
                submitScheduledBatch(foreman, 1000);
                sent += 1000;
                int expected = sent;
                // Generous: on a machine at load 50 the relay's first appends time out and back off.
                await("the healthy stream got " + expected + " events")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> healthy.jobEvents().size() >= expected);
            }
            await("the slow client is dropped")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> droppedClients() > droppedBefore);

            // Its connection is closed: reading what was in flight ends in end-of-stream.
            slow.setSoTimeout(30_000);
            InputStream in = slow.getInputStream();
            byte[] chunk = new byte[64 * 1024];
            long total = 0;
            int n;
            // A connection that stays open (heartbeats still written) must fail the test, not hang it.
            Instant giveUp = Instant.now().plusSeconds(60);
            while ((n = in.read(chunk)) >= 0) {
                total += n;
                assertThat(Instant.now())
                        .as("the dropped client's connection is closed")
                        .isBefore(giveUp);
            }
            assertThat(total).as("bytes the server had sent").isPositive();
            // The reading client saw every event, and is still connected.
            assertThat(healthy.jobEvents()).hasSize(sent);
            Instant afterTheDrop = Instant.now();
            healthy.await(
                    "a heartbeat after the drop",
                    r -> "heartbeat".equals(r.comment()) && r.arrivedAt().isAfter(afterTheDrop),
                    Duration.ofSeconds(5));
        }
    }

    @Test
    void statsCountsMatchAfterASetOfJobs() {
        ForemanClient foreman = system.newTenantClient();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(submit(foreman, "stats-ok", target.url("/ok"), Map.of("priority", "high"))
                    .get("id")
                    .asString());
        }
        for (int i = 0; i < 3; i++) {
            ids.add(submit(foreman, "stats-dead", refusingTarget.url("/no"), Map.of())
                    .get("id")
                    .asString());
        }
        for (int i = 0; i < 4; i++) {
            submit(foreman, "stats-later", target.url("/later"), Map.of("delay", "1h", "priority", "low"));
        }
        ids.subList(0, 5).forEach(id -> foreman.awaitState(id, "succeeded", Duration.ofSeconds(10)));
        ids.subList(5, 8).forEach(id -> foreman.awaitState(id, "dead", Duration.ofSeconds(10)));

        JsonNode stats = await("the stats count every job")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> foreman.get("/v1/stats").ok(),
                        s -> s.get("jobs").get("by_state").get("succeeded").asLong() == 5
                                && s.get("jobs").get("by_state").get("dead").asLong() == 3);
        JsonNode byState = stats.get("jobs").get("by_state");
        assertThat(byState.get("scheduled").asLong()).isEqualTo(4);
        for (String state : List.of("queued", "running", "retrying", "cancelled")) {
            assertThat(byState.get(state).asLong()).as(state).isZero();
        }
        JsonNode byPriority = stats.get("jobs").get("by_priority");
        assertThat(byPriority.get("low").asLong())
                .as("scheduled low jobs not yet run")
                .isEqualTo(4);
        assertThat(byPriority.get("high").asLong())
                .as("ended jobs are not depth")
                .isZero();
        assertThat(stats.get("queues").asInt()).isEqualTo(3);
        assertThat(sum(stats.get("throughput").get("succeeded"))).isEqualTo(5);
        assertThat(sum(stats.get("throughput").get("dead"))).isEqualTo(3);
        assertThat(stats.get("throughput").get("succeeded")).hasSize(15);
        assertThat(stats.get("outbox").get("pending").asLong()).isZero();
        assertThat(stats.get("workers").get("live").asInt()).isPositive();
        assertThat(stats.get("scheduler").get("leader").asString()).isNotBlank();

        // The same body arrives as the stream's stats event.
        try (SseClient events = SseClient.open(foreman)) {
            JsonNode streamed = events.await("stats", r -> "stats".equals(r.name()), Duration.ofSeconds(10))
                    .json();
            assertThat(streamed.get("jobs")).isEqualTo(stats.get("jobs"));
        }
    }

    private static long sum(JsonNode values) {
        long sum = 0;
        for (JsonNode value : values) {
            sum += value.asLong();
        }
        return sum;
    }

    private static void events(ForemanClient foreman, String queue) {
        submit(foreman, queue, target.url("/ok"), Map.of());
    }

    private static JsonNode submit(ForemanClient foreman, String queue, String url, Map<String, Object> extra) {
        Map<String, Object> job = new HashMap<>();
        job.put("queue", queue);
        job.put("type", "e2e.live");
        job.put("target", Map.of("url", url, "method", "POST"));
        job.putAll(extra);
        return foreman.submit(job).ok();
    }

    private static void submitScheduledBatch(ForemanClient foreman, int size) {
        // The longest names the API takes (100 and 200 characters): fewer events fill a socket.
        String queue = "flood-" + "q".repeat(94);
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            jobs.add(Map.of(
                    "queue",
                    queue,
                    "type",
                    "e2e.flood-" + UUID.randomUUID() + "-" + "t".repeat(153),
                    "delay",
                    "1h",
                    "target",
                    Map.of("url", target.url("/later"))));
        }
        foreman.submitBatch(jobs).ok();
    }

    /** Every client the api-service dropped for being too slow, whatever the reason, from its management port. */
    private static double droppedClients() throws IOException, InterruptedException {
        HttpResponse<String> metrics = HTTP.send(
                HttpRequest.newBuilder(URI.create(system.actuatorUrls().get("api") + "/actuator/prometheus"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).as("api /actuator/prometheus").isEqualTo(200);
        return metrics.body()
                .lines()
                .filter(line -> line.startsWith("foreman_events_clients_dropped_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
