package dev.foreman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.Job;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.target.StubTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Fault injection: a Kafka record that never reaches a worker. Postgres is the truth, so the job is
 * still delivered, once, when the scheduler sees that the real workers have read past where its
 * record was (the system runs with a 10 s {@code queued-timeout}, see {@link ForemanSystem}).
 */
class LostRecordE2EIT {
    private static ForemanSystem system;

    private TestTenant tenant;
    private ForemanClient foreman;
    private StubTarget target;

    @BeforeAll
    static void startTheSystem() {
        system = ForemanSystem.shared();
    }

    @BeforeEach
    void freshTenantAndTarget() {
        tenant = system.newTenant();
        foreman = system.clientFor(tenant);
        target = StubTarget.start();
    }

    @AfterEach
    void stopTarget() {
        target.close();
    }

    @Test
    void aQueuedJobWhoseKafkaRecordWasLostIsStillDeliveredExactlyOnce() {
        String queue = "lost-" + UUID.randomUUID();
        // What a lost record leaves behind: a job queued a minute ago whose outbox row is gone
        // (published) but which no worker ever claimed.
        Instant queuedAt = Instant.now().minus(Duration.ofMinutes(1));
        Job lost = system.jobsTable()
                .insertAllSkippingKnownIdempotencyKeys(
                        tenant.id(),
                        List.of(Jobs.aJob()
                                .inQueue(queue)
                                .targeting(target.url("/lost"))
                                .dueAt(queuedAt)
                                .build()),
                        queuedAt)
                .getFirst();
        assertThat(lost.state().wireName()).isEqualTo("queued");
        // Jobs submitted meanwhile go through Kafka as usual, and the workers read past them.
        String fresh = foreman.submit(Map.of("queue", queue, "target", Map.of("url", target.url("/fresh"))))
                .ok()
                .get("id")
                .asString();

        foreman.awaitState(fresh, "succeeded", Duration.ofSeconds(30));
        JsonNode delivered = foreman.awaitState(lost.id().toString(), "succeeded", Duration.ofSeconds(30));

        assertThat(delivered.get("attempt").asInt()).isEqualTo(1);
        assertThat(target.countFor(lost.id().toString())).isEqualTo(1);
    }
}
