package dev.foreman.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobAttempt;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.Priority;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.target.ReceivedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worker end to end on real Postgres and Kafka: a queued job and its dispatch record go in,
 * a request reaches the stub target, and the job ends in the state DESIGN §4 says.
 */
class DispatchIT extends RunningWorker {
    private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

    private static Admin admin;

    @BeforeAll
    static void connectToKafka() {
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.shared().kafkaBootstrapServers()));
    }

    @AfterAll
    static void disconnectFromKafka() {
        admin.close();
    }

    @Test
    void deliversAQueuedJobWithEveryDispatchHeaderSignedAndSucceeds() throws Exception {
        Job job = insertQueued(Jobs.aJob()
                .inQueue("emails")
                .ofType("send_welcome")
                .withPriority(Priority.HIGH)
                .withHeader("X-Team", "growth")
                .withPayload("{\"user_id\":42}"));
        relay.publish(job);

        Job finished = awaitState(job, JobState.SUCCEEDED);

        ReceivedRequest request = target.receivedFor(job.id().toString()).getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hook");
        assertThat(request.body()).isEqualTo(job.payload());
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("Foreman-Job-Id")).isEqualTo(job.id().toString());
        assertThat(request.header("Foreman-Attempt")).isEqualTo("1");
        assertThat(request.header("Foreman-Queue")).isEqualTo("emails");
        assertThat(request.header("Foreman-Job-Type")).isEqualTo("send_welcome");
        assertThat(request.header("Idempotency-Key")).isEqualTo(job.id().toString());
        assertThat(request.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(request.header("User-Agent")).isEqualTo("Foreman/0.1");
        assertThat(request.header("X-Team")).isEqualTo("growth");
        assertSignedWithTenantSecret(request);

        assertThat(finished.attempt()).isEqualTo(1);
        assertThat(finished.result().status()).isEqualTo(200);
        assertThat(finished.result().body()).isEqualTo("{\"ok\":true}");
        assertThat(finished.finishedAt()).isNotNull();
        assertThat(finished.leaseOwner()).isNull();
        List<JobAttempt> history = attempts.findByTenantAndJob(tenant.id(), job.id());
        assertThat(history).singleElement().satisfies(attempt -> {
            assertThat(attempt.attempt()).isEqualTo(1);
            assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.SUCCEEDED);
            assertThat(attempt.httpStatus()).isEqualTo(200);
        });
    }

    @Test
    void holdsAJobPromotedAheadOfItsRunTimeUntilThatTime() throws Exception {
        // The scheduler promotes up to promote-lookahead early; the worker must still not start early.
        Instant runAt = clock.instant().plusMillis(1500);
        Job job = jobs.insertAllSkippingKnownIdempotencyKeys(
                        tenant.id(),
                        List.of(Jobs.aJob()
                                .dueAt(runAt)
                                .targeting(target.url("/hook"))
                                .build()),
                        clock.instant())
                .getFirst();
        assertThat(jobs.promoteDueBy(runAt, clock.instant(), 10_000))
                .extracting(DueJob::id)
                .contains(job.id());
        relay.publish(job);

        awaitState(job, JobState.SUCCEEDED);

        assertThat(target.receivedFor(job.id().toString()).getFirst().receivedAt())
                .isAfterOrEqualTo(job.runAt());
    }

    @Test
    void buriesAJobAtOnceWhenTheTargetAnswers400() throws Exception {
        target.respondWith(400);
        Job job = insertQueued(Jobs.aJob().withMaxAttempts(5));
        relay.publish(job);

        Job dead = awaitState(job, JobState.DEAD);

        assertThat(dead.lastError()).isEqualTo("HTTP 400, which is not retryable");
        assertThat(attempts.findByTenantAndJob(tenant.id(), job.id()))
                .singleElement()
                .satisfies(attempt -> {
                    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.FAILED);
                    assertThat(attempt.httpStatus()).isEqualTo(400);
                });
        assertThat(target.countFor(job.id().toString())).isEqualTo(1);
    }

    @Test
    void schedulesARetryNoEarlierThanRetryAfterWhenTheTargetAnswers503() throws Exception {
        target.respondWith(503, Map.of("Retry-After", "3600"));
        Job job = insertQueued(Jobs.aJob().withMaxAttempts(5));
        Instant published = clock.instant();
        relay.publish(job);

        Job retrying = awaitState(job, JobState.RETRYING);

        assertThat(retrying.runAt()).isAfter(published.plus(Duration.ofMinutes(59)));
        assertThat(retrying.lastError()).isEqualTo("HTTP 503");
        assertThat(retrying.leaseOwner()).isNull();
        assertThat(attempts.findByTenantAndJob(tenant.id(), job.id()))
                .singleElement()
                .satisfies(attempt -> {
                    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.FAILED);
                    assertThat(attempt.httpStatus()).isEqualTo(503);
                });
    }

    @Test
    void dispatchesAJobOnceHoweverOftenKafkaDeliversIt() throws Exception {
        Job job = insertQueued(Jobs.aJob());
        relay.publish(job);
        relay.publish(job);
        awaitState(job, JobState.SUCCEEDED);

        RecordMetadata lateDuplicate = relay.publish(job);
        awaitCommittedPast(lateDuplicate);

        assertThat(target.countFor(job.id().toString())).isEqualTo(1);
        assertThat(attempts.findByTenantAndJob(tenant.id(), job.id())).hasSize(1);
        assertThat(jobs.findByTenantAndId(tenant.id(), job.id()).orElseThrow().attempt())
                .isEqualTo(1);
    }

    @Test
    void retriesAJobWhoseTargetIsSlowerThanItsTimeout() throws Exception {
        target.delay(Duration.ofSeconds(10));
        Job job = insertQueued(Jobs.aJob()
                .withTimeout(Duration.ofMillis(500))
                .withBackoff(Duration.ofMinutes(10), Duration.ofHours(1)));
        relay.publish(job);

        Job retrying = awaitState(job, JobState.RETRYING);

        assertThat(retrying.lastError()).isEqualTo("timed out after 500ms");
        assertThat(attempts.findByTenantAndJob(tenant.id(), job.id()))
                .singleElement()
                .satisfies(attempt -> {
                    assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.TIMED_OUT);
                    assertThat(attempt.httpStatus()).isNull();
                    assertThat(attempt.durationMs()).isBetween(500, 5_000);
                });
    }

    @Test
    void skipsAnUndecodableRecordWithoutBlockingItsPartition() throws Exception {
        Job job = insertQueued(Jobs.aJob());
        // Same key, so the same partition: the good record sits right behind the bad one.
        relay.send(new ProducerRecord<>(
                job.priority().topic(), job.id().toString(), "not a JobDispatch".getBytes(StandardCharsets.UTF_8)));
        relay.publish(job);

        awaitState(job, JobState.SUCCEEDED);
    }

    /** The worker has claimed (or skipped) the record and committed its offset. */
    private void awaitCommittedPast(RecordMetadata record) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        await("worker committed " + partition + "@" + record.offset())
                .atMost(PATIENCE)
                .until(() -> {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                                    worker.consumerGroup())
                            .partitionsToOffsetAndMetadata()
                            .get();
                    OffsetAndMetadata offset = committed.get(partition);
                    return offset != null && offset.offset() > record.offset();
                });
    }

    private void assertSignedWithTenantSecret(ReceivedRequest request) throws Exception {
        Matcher signature = SIGNATURE.matcher(request.header("Foreman-Signature"));
        assertThat(signature.matches())
                .as("Foreman-Signature has the form t=<unix>,v1=<hex>")
                .isTrue();
        long signedAt = Long.parseLong(signature.group(1));
        assertThat(Instant.ofEpochSecond(signedAt)).isBetween(clock.instant().minusSeconds(60), clock.instant());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(tenant.signingSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((signedAt + "." + request.body()).getBytes(StandardCharsets.UTF_8));
        assertThat(signature.group(2)).isEqualTo(HexFormat.of().formatHex(expected));
    }
}
