package dev.foreman.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.foreman.api.ApiPropertiesFixtures;
import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.Priority;
import dev.foreman.testkit.concurrency.Race;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.Jobs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OutboxRelayIT extends RunningOutbox {
    @Test
    void publishesASubmittedJobToItsPriorityTopicAtOnce() {
        TestTenant tenant = newTenant();
        Map<String, Priority> priorities =
                Map.of("high", Priority.HIGH, "normal", Priority.NORMAL, "low", Priority.LOW);

        for (var priority : priorities.entrySet()) {
            JsonNode job = submit(
                    tenant,
                    "{\"target\": {\"url\": \"" + TARGET + "\"}, \"queue\": \"emails\"," + " \"priority\": \""
                            + priority.getKey() + "\"}");
            UUID id = UUID.fromString(job.get("id").asString());

            await("the dispatch of " + priority.getKey() + " job " + id + " on Kafka")
                    .atMost(KAFKA_WAIT)
                    .pollInSameThread()
                    .untilAsserted(() -> assertThat(dispatches.readNew().of(id))
                            .singleElement()
                            .satisfies(record -> {
                                assertThat(record.topic()).isEqualTo("foreman.jobs." + priority.getKey());
                                assertThat(record.key()).isEqualTo(id.toString());
                                assertThat(record.dispatch().tenantId()).isEqualTo(tenant.id());
                                assertThat(record.dispatch().queue()).isEqualTo("emails");
                                assertThat(record.dispatch().priority()).isEqualTo(priority.getValue());
                                assertThat(record.dispatch().enqueuedAt()).isAfter(Instant.EPOCH);
                            }));
        }
    }

    @Test
    void countsSubmittedAndPublishedJobsForPrometheus() {
        TestTenant tenant = newTenant();
        UUID id = id(submit(tenant, "{\"target\": {\"url\": \"" + TARGET + "\"}}"));
        await("the dispatch of job " + id)
                .atMost(KAFKA_WAIT)
                .pollInSameThread()
                .until(() -> !dispatches.readNew().of(id).isEmpty());

        HttpResponse<String> scrape = getManagement("/actuator/prometheus");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body())
                .contains("foreman_jobs_submitted_total{")
                .contains("result=\"created\"")
                .contains("foreman_outbox_published_total")
                .contains("foreman_outbox_relay_lag_seconds_count");
    }

    @Test
    void doesNotPublishAScheduledJob() {
        TestTenant tenant = newTenant();
        UUID scheduled = id(submit(tenant, "{\"target\": {\"url\": \"" + TARGET + "\"}, \"delay\": \"1h\"}"));
        UUID queued = id(submit(tenant, "{\"target\": {\"url\": \"" + TARGET + "\"}}"));

        // Relays publish in insertion order: had the scheduled job an outbox row, it would be out first.
        await("the dispatch of queued job " + queued)
                .atMost(KAFKA_WAIT)
                .pollInSameThread()
                .until(() -> !dispatches.readNew().of(queued).isEmpty());
        assertThat(dispatches.of(scheduled)).isEmpty();
    }

    @Test
    void publishesTheSameJobsAgainAfterACrashBetweenTheAcksAndTheCommit() {
        relay.stop();
        drainTheOutbox(relay);
        TestTenant tenant = newTenant();
        List<UUID> ids = queueForTheRelay(tenant, 3);

        assertThatThrownBy(() -> relay.publishBatch(published -> {
                    throw new SimulatedCrash();
                }))
                .isInstanceOf(SimulatedCrash.class);

        awaitEachDispatched(ids, 1);
        assertThat(outbox.count())
                .as("rows still in the outbox after the rolled-back batch")
                .isEqualTo(3);

        assertThat(relay.publishBatch()).isEqualTo(3);

        awaitEachDispatched(ids, 2);
        assertThat(outbox.count()).isZero();
    }

    @Test
    void twoRelaysPublishEveryRowWhileTheOtherHoldsItsBatchAndLeaveTheOutboxEmpty() throws Exception {
        relay.stop();
        drainTheOutbox(relay);
        TestTenant tenant = newTenant();
        List<UUID> ids = queueForTheRelay(tenant, 300);
        OutboxRelay first = smallBatchRelay();
        OutboxRelay second = smallBatchRelay();
        CountDownLatch secondPublished = new CountDownLatch(1);
        AtomicBoolean firstBatch = new AtomicBoolean(true);
        // The first relay holds its first batch's row locks until the second has published a
        // batch of its own: SKIP LOCKED must let it past the locked rows instead of waiting.
        List<Callable<Integer>> relays = List.of(
                () -> publishUntilEmpty(first, batch -> {
                    if (firstBatch.getAndSet(false)) {
                        awaitWhileHoldingTheBatch(secondPublished);
                    }
                }),
                () -> publishUntilEmpty(second, batch -> secondPublished.countDown()));

        List<Integer> published = Race.run(relays);

        assertThat(published.get(0)).isPositive();
        assertThat(published.get(1)).isPositive();
        assertThat(published.get(0) + published.get(1)).isGreaterThanOrEqualTo(300);
        assertThat(outbox.count()).isZero();
        awaitEachDispatched(ids, 1);
    }

    @Test
    void aJobQueuedWhileOneRelayThreadWaitsForKafkaIsPublishedByAnotherThread() throws Exception {
        relay.stop();
        drainTheOutbox(relay);
        TestTenant tenant = newTenant();
        HoldingProducer producer = new HoldingProducer();
        OutboxRelay threaded = new OutboxRelay(
                outbox,
                tx,
                new DispatchPublisher(producer, KAFKA_WAIT),
                waker,
                ApiPropertiesFixtures.with(Map.of("foreman.api.outbox.relay-threads", "2"))
                        .outbox(),
                Clock.systemUTC(),
                new SimpleMeterRegistry());
        threaded.start();
        try {
            UUID first = queueForTheRelay(tenant, 1).getFirst();
            assertThat(producer.holding.await(30, TimeUnit.SECONDS))
                    .as("a relay thread waits for Kafka with the first job's batch")
                    .isTrue();

            UUID second = queueForTheRelay(tenant, 1).getFirst();

            await("the second job published and its row deleted while the first batch waits")
                    .atMost(KAFKA_WAIT)
                    .until(() -> producer.sentJobIds().contains(second.toString()) && outbox.count() == 1);
            assertThat(producer.sentJobIds()).containsExactly(first.toString(), second.toString());
        } finally {
            producer.release.countDown();
            threaded.stop();
        }
        assertThat(outbox.count()).isZero();
    }

    /** Acknowledges every record at once, but holds the first flush until released. */
    private static final class HoldingProducer extends MockProducer<String, byte[]> {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean(true);

        HoldingProducer() {
            super(true, null, new StringSerializer(), new ByteArraySerializer());
        }

        @Override
        public void flush() {
            if (first.getAndSet(false)) {
                holding.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.flush();
        }

        List<String> sentJobIds() {
            return history().stream().map(ProducerRecord::key).toList();
        }
    }

    private OutboxRelay smallBatchRelay() {
        return new OutboxRelay(
                outbox,
                tx,
                publisher,
                waker,
                ApiPropertiesFixtures.with(Map.of("foreman.api.outbox.batch-size", "20"))
                        .outbox(),
                Clock.systemUTC(),
                new SimpleMeterRegistry());
    }

    private static void awaitWhileHoldingTheBatch(CountDownLatch secondPublished) {
        try {
            if (!secondPublished.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the second relay published nothing while the first held its batch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while holding the batch", e);
        }
    }

    private static int publishUntilEmpty(OutboxRelay relay, OutboxRelay.BeforeCommit beforeCommit) {
        int total = 0;
        int count;
        do {
            count = relay.publishBatch(beforeCommit);
            total += count;
        } while (count > 0);
        return total;
    }

    private static void drainTheOutbox(OutboxRelay relay) {
        while (relay.publishBatch() > 0) {
            // Rows other tests left behind: publish them so this test sees only its own.
        }
    }

    @Test
    void aSubmitsTraceparentRidesOnItsRecordAsItIsWhileTracingIsOff() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        HttpResponse<String> response = post(
                "/v1/jobs",
                newTenant().apiKey(),
                "{\"target\": {\"url\": \"" + TARGET + "\"}}",
                "traceparent",
                traceparent);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        UUID id = id(json(response));

        await("the dispatch of job " + id + " on Kafka")
                .atMost(KAFKA_WAIT)
                .pollInSameThread()
                .untilAsserted(() -> assertThat(dispatches.readNew().of(id))
                        .singleElement()
                        .extracting(DispatchLog.Dispatched::traceparent)
                        .isEqualTo(traceparent));
    }

    @Test
    void theRelayPublishesAQueuedJobInTheTraceItWasSubmittedIn() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
        UUID id = jobs.insertAllSkippingKnownIdempotencyKeys(
                        newTenant().id(), List.of(Jobs.aJob().targeting(TARGET).build()), Instant.now(), traceparent)
                .getFirst()
                .id();

        await("the relay's dispatch of job " + id)
                .atMost(KAFKA_WAIT)
                .pollInSameThread()
                .untilAsserted(() -> assertThat(dispatches.readNew().of(id))
                        .singleElement()
                        .extracting(DispatchLog.Dispatched::traceparent)
                        .isEqualTo(traceparent));
    }

    private JsonNode submit(TestTenant tenant, String body) {
        HttpResponse<String> response = post("/v1/jobs", tenant.apiKey(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response);
    }

    /**
     * Queues {@code size} jobs with outbox rows for the relays, as the scheduler's promotion, a
     * retry or a worker's hand-back does (a submission publishes its own rows at commit).
     */
    private List<UUID> queueForTheRelay(TestTenant tenant, int size) {
        return insertQueued(tenant, size, Instant.now()).stream()
                .map(DueJob::id)
                .toList();
    }

    /** Stands for the relay's process dying after Kafka acknowledged its batch, before the commit. */
    private static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("simulated crash between the Kafka acks and the commit", null, false, false);
        }
    }
}
