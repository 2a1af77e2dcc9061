package dev.foreman.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.api.ApiProperties;
import dev.foreman.api.ApiPropertiesFixtures;
import dev.foreman.common.job.InsertedJobs;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.TenantValidatedJob;
import dev.foreman.common.outbox.OutboxEntry;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.Jobs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A submission publishes its jobs itself once its transaction commits; the relays take over only
 * the rows still there after the relay grace. These tests stop the application's relay, so every
 * record they see was published at commit, or by a relay they drive themselves.
 */
class PublishOnCommitIT extends RunningOutbox {
    private static final ApiProperties.Outbox SETTINGS =
            ApiPropertiesFixtures.defaults().outbox();
    private static final String OUTBOX_ROWS_OF_JOB = """
            SELECT count(*)
            FROM outbox
            WHERE job_id = :jobId
            """;

    @Autowired
    JdbcClient jdbc;

    private DispatchLog dispatches;

    @BeforeEach
    void stopTheRelayAndEmptyTheOutbox() {
        relay.stop();
        // Rows other tests left, whoever owns them: publish them so these tests see only their own.
        OutboxRelay afterEveryGrace = relayAt(Instant.now().plus(Duration.ofDays(1)));
        while (afterEveryGrace.publishBatch() > 0) {
            // keep draining
        }
    }

    @Test
    void aSubmittedJobReachesKafkaAndLeavesTheOutboxWithoutAnyRelay() {
        TestTenant tenant = newTenant();

        HttpResponse<String> response =
                post("/v1/jobs", tenant.apiKey(), "{\"target\": {\"url\": \"" + TARGET + "\"}}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        UUID id = id(json(response));
        awaitDispatched(id, 1);
        await("the outbox row of job " + id + " deleted").atMost(KAFKA_WAIT).until(() -> outboxRowsOf(id) == 0);
    }

    @Test
    void aRelayLeavesARowItsSubmitterPublishesUntilTheRelayGraceHasPassed() {
        TestTenant tenant = newTenant();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID id = insertForPublisher(tenant, now).jobs().getFirst().id();

        assertThat(relayAt(now.plus(SETTINGS.relayGrace()).minusMillis(1)).publishBatch())
                .as("rows published by a relay within the grace")
                .isZero();
        assertThat(relayAt(now.plus(SETTINGS.relayGrace())).publishBatch()).isOne();

        awaitDispatched(id, 1);
        assertThat(outboxRowsOf(id)).isZero();
    }

    @Test
    void aJobWhoseRecordKafkaRefusedIsPublishedByARelayAfterTheGrace() {
        TestTenant tenant = newTenant();
        MockProducer<String, byte[]> refusing = producer(false);
        DirectPublisher direct = directPublisher(refusing);
        PublishOnCommit onCommit = new PublishOnCommit(direct, SETTINGS);
        direct.start();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID id;
        try {
            id = tx.execute(status -> submit(onCommit, tenant, 1, now).getFirst());
            await("the record sent")
                    .atMost(KAFKA_WAIT)
                    .until(() -> refusing.history().size() == 1);
            assertThat(refusing.errorNext(new RuntimeException("simulated refusal")))
                    .isTrue();
            await("the refused row given up").atMost(KAFKA_WAIT).until(() -> direct.pending() == 0);
        } finally {
            direct.stop();
        }
        assertThat(outboxRowsOf(id))
                .as("the refused job's row, kept for the relay")
                .isOne();

        assertThat(relayAt(now.plus(SETTINGS.relayGrace())).publishBatch()).isOne();

        awaitDispatched(id, 1);
        assertThat(outboxRowsOf(id)).isZero();
    }

    @Test
    void aRolledBackSubmissionPublishesNothing() {
        TestTenant tenant = newTenant();
        MockProducer<String, byte[]> acknowledging = producer(true);
        DirectPublisher direct = directPublisher(acknowledging);
        PublishOnCommit onCommit = new PublishOnCommit(direct, SETTINGS);
        direct.start();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try {
            tx.executeWithoutResult(status -> {
                submit(onCommit, tenant, 1, now);
                status.setRollbackOnly();
            });
            UUID committed =
                    tx.execute(status -> submit(onCommit, tenant, 1, now).getFirst());

            // Rows are sent in the order they were handed over: had the rolled-back one been, it came first.
            await("the committed job's record")
                    .atMost(KAFKA_WAIT)
                    .until(() -> !acknowledging.history().isEmpty());
            assertThat(acknowledging.history()).map(ProducerRecord::key).containsExactly(committed.toString());
            await("the committed job's row deleted").atMost(KAFKA_WAIT).until(() -> outboxRowsOf(committed) == 0);
        } finally {
            direct.stop();
        }
    }

    @Test
    void stoppingSendsWhatWasHandedOverAndDeletesTheAcknowledgedRows() {
        TestTenant tenant = newTenant();
        DirectPublisher direct = directPublisher(publisher);
        PublishOnCommit onCommit = new PublishOnCommit(direct, SETTINGS);
        direct.start();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<UUID> ids = tx.execute(status -> submit(onCommit, tenant, 3, now));

        direct.stop();

        assertThat(ids).allSatisfy(id -> assertThat(outboxRowsOf(id)).isZero());
        ids.forEach(id -> awaitDispatched(id, 1));
    }

    @Test
    void aRowWhoseGracePassedBeforeItsTurnToBeSentIsLeftToTheRelays() {
        TestTenant tenant = newTenant();
        MockProducer<String, byte[]> acknowledging = producer(true);
        DirectPublisher direct = directPublisher(acknowledging);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant longAgo = now.minus(SETTINGS.relayGrace()).minusSeconds(1);
        List<OutboxEntry> rows = List.of(
                insertForPublisher(tenant, longAgo).outboxRows().getFirst(),
                insertForPublisher(tenant, now).outboxRows().getFirst());
        direct.start();
        try {
            direct.offer(rows);

            // Rows are sent in the order they were handed over: had the stale one been, it came first.
            await("the fresh row's record")
                    .atMost(KAFKA_WAIT)
                    .until(() -> !acknowledging.history().isEmpty());
            assertThat(acknowledging.history())
                    .map(ProducerRecord::key)
                    .containsExactly(rows.get(1).jobId().toString());
        } finally {
            direct.stop();
        }
        assertThat(outboxRowsOf(rows.get(0).jobId()))
                .as("the stale row, left to the relays")
                .isOne();
        assertThat(outboxRowsOf(rows.get(1).jobId())).isZero();
    }

    /**
     * What a submission does in its transaction: inserts {@code count} jobs due at {@code now}, whose
     * outbox rows {@code onCommit} publishes once the transaction commits.
     *
     * @return the jobs' ids
     */
    private List<UUID> submit(PublishOnCommit onCommit, TestTenant tenant, int count, Instant now) {
        InsertedJobs inserted =
                jobs.insertAllSkippingKnownIdempotencyKeys(newJobs(tenant, count, now), now, onCommit.relayAfter(now));
        onCommit.publishAfterCommit(inserted.outboxRows());
        return inserted.jobs().stream().map(Job::id).toList();
    }

    /** Inserts one job due at {@code now} whose outbox row relays leave alone for the relay grace. */
    private InsertedJobs insertForPublisher(TestTenant tenant, Instant now) {
        return jobs.insertAllSkippingKnownIdempotencyKeys(
                newJobs(tenant, 1, now), now, now.plus(SETTINGS.relayGrace()));
    }

    private static List<TenantValidatedJob> newJobs(TestTenant tenant, int count, Instant now) {
        return IntStream.range(0, count)
                .mapToObj(i -> new TenantValidatedJob(
                        tenant.id(),
                        Jobs.aJob(Clock.fixed(now, ZoneOffset.UTC))
                                .targeting(TARGET)
                                .build()))
                .toList();
    }

    private OutboxRelay relayAt(Instant now) {
        return new OutboxRelay(
                outbox, tx, publisher, waker, SETTINGS, Clock.fixed(now, ZoneOffset.UTC), new SimpleMeterRegistry());
    }

    private DirectPublisher directPublisher(MockProducer<String, byte[]> producer) {
        return directPublisher(new DispatchPublisher(producer, KAFKA_WAIT));
    }

    private DirectPublisher directPublisher(DispatchPublisher dispatchPublisher) {
        return new DirectPublisher(
                dispatchPublisher, outbox, SETTINGS.relayGrace(), Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private static MockProducer<String, byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    }

    private long outboxRowsOf(UUID jobId) {
        return jdbc.sql(OUTBOX_ROWS_OF_JOB)
                .param("jobId", jobId)
                .query(Long.class)
                .single();
    }

    private void awaitDispatched(UUID id, int times) {
        awaitEachDispatched(List.of(id), times);
    }
}
