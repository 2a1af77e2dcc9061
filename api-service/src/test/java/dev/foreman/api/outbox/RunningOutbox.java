package dev.foreman.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.api.RunningApi;
import dev.foreman.common.job.DueJob;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.common.outbox.OutboxRepository;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.Jobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The running api-service's outbox machinery for the outbox tests, a log of everything on the
 * dispatch topics, and the application's relay restarted after each test (tests may stop it).
 */
abstract class RunningOutbox extends RunningApi {
    static final String TARGET = "https://svc.internal/hooks/welcome";
    static final Duration KAFKA_WAIT = Duration.ofSeconds(30);

    @Autowired
    OutboxRelay relay;

    @Autowired
    OutboxRepository outbox;

    @Autowired
    JobRepository jobs;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    DispatchPublisher publisher;

    @Autowired
    OutboxWaker waker;

    DispatchLog dispatches;

    @BeforeEach
    void readTheDispatchTopics() {
        dispatches = new DispatchLog(infra().kafkaBootstrapServers());
    }

    @AfterEach
    void stopReadingAndRestartTheRelay() {
        dispatches.close();
        relay.start();
    }

    /**
     * Inserts {@code count} queued jobs due at {@code now}, with outbox rows that relays publish at
     * once, as the scheduler's promotion, a retry or a worker's hand-back writes them.
     */
    List<DueJob> insertQueued(TestTenant tenant, int count, Instant now) {
        List<ValidatedJob> newJobs = IntStream.range(0, count)
                .mapToObj(i -> Jobs.aJob(Clock.fixed(now, ZoneOffset.UTC))
                        .targeting(TARGET)
                        .build())
                .toList();
        return jobs.insertAllSkippingKnownIdempotencyKeys(tenant.id(), newJobs, now).stream()
                .map(DueJob::of)
                .toList();
    }

    /** Waits until each of {@code ids} has exactly {@code times} records on the dispatch topics. */
    void awaitEachDispatched(List<UUID> ids, int times) {
        await("each of " + ids.size() + " jobs on Kafka " + times + " time(s)")
                .atMost(KAFKA_WAIT)
                .pollInSameThread()
                .untilAsserted(() -> {
                    dispatches.readNew();
                    for (UUID id : ids) {
                        assertThat(dispatches.of(id))
                                .as("records of job %s", id)
                                .hasSize(times);
                    }
                });
    }
}
