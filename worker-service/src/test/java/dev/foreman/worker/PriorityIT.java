package dev.foreman.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.Priority;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.testkit.dispatch.StandInRelay;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.target.ReceivedRequest;
import dev.foreman.testkit.target.StubTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A worker that starts in front of a backlog on all three topics, and can run one attempt at a
 * time, serves every high job before any normal one and every normal job before any low one.
 */
class PriorityIT {
    private static final int JOBS_PER_PRIORITY = 4;

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final Clock clock = Clock.systemUTC();

    @Test
    void servesHighThenNormalThenLowFromABacklog() throws Exception {
        TestTenant tenant = infra.createTenant("priority-it");
        JobRepository jobs = new JobRepository(JdbcClient.create(infra.dataSource()));
        try (StubTarget target = StubTarget.start()) {
            Map<String, Priority> priorityOfJob = new HashMap<>();
            List<ValidatedJob> backlog = new ArrayList<>();
            // Lowest first, so the order they were published in is the opposite of the order wanted.
            for (Priority priority : List.of(Priority.LOW, Priority.NORMAL, Priority.HIGH)) {
                for (int i = 0; i < JOBS_PER_PRIORITY; i++) {
                    backlog.add(Jobs.aJob()
                            .withPriority(priority)
                            .targeting(target.url("/hook"))
                            .build());
                }
            }
            List<Job> queued = jobs.insertAllSkippingKnownIdempotencyKeys(tenant.id(), backlog, clock.instant());
            try (StandInRelay relay = new StandInRelay()) {
                relay.publishAll(queued);
            }
            queued.forEach(job -> priorityOfJob.put(job.id().toString(), job.priority()));

            try (ConfigurableApplicationContext worker = startWorker(Map.of(
                    "foreman.worker.consumer-group", "priority-it-" + UUID.randomUUID(),
                    "foreman.worker.max-in-flight", "1",
                    "foreman.worker.shutdown-grace", "1s"))) {
                target.awaitCount(queued.size(), Duration.ofSeconds(60));
            }

            List<Priority> startOrder = target.received().stream()
                    .map(ReceivedRequest::jobId)
                    .map(priorityOfJob::get)
                    .toList();
            assertThat(startOrder).hasSize(3 * JOBS_PER_PRIORITY).isSorted();
        }
    }

    @Test
    void aHighJobStartsAtOnceBehindAWorkerFullOfLowJobs() throws Exception {
        TestTenant tenant = infra.createTenant("priority-reserve-it");
        JobRepository jobs = new JobRepository(JdbcClient.create(infra.dataSource()));
        try (StubTarget target = StubTarget.start().holdAnswers();
                StandInRelay relay = new StandInRelay()) {
            List<ValidatedJob> backlog = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                backlog.add(Jobs.aJob()
                        .withPriority(Priority.LOW)
                        .targeting(target.url("/low"))
                        .build());
            }
            relay.publishAll(jobs.insertAllSkippingKnownIdempotencyKeys(tenant.id(), backlog, clock.instant()));

            try (ConfigurableApplicationContext worker = startWorker(Map.of(
                    "foreman.worker.consumer-group", "priority-reserve-it-" + UUID.randomUUID(),
                    "foreman.worker.max-in-flight", "4",
                    "foreman.worker.high-priority-reserve", "1",
                    "foreman.worker.flow.tenant-share", "1",
                    "foreman.worker.shutdown-grace", "1s"))) {
                // Three low jobs hang at the target; the fourth slot is kept for high priority.
                target.awaitCount(3, Duration.ofSeconds(60));
                Job high = jobs.insertAllSkippingKnownIdempotencyKeys(
                                tenant.id(),
                                List.of(Jobs.aJob()
                                        .withPriority(Priority.HIGH)
                                        .targeting(target.url("/high"))
                                        .build()),
                                clock.instant())
                        .getFirst();
                relay.publish(high);

                List<ReceivedRequest> received = target.awaitCount(4, Duration.ofSeconds(30));
                assertThat(received.get(3).jobId())
                        .as("the fourth request, while three low jobs still hold their slots")
                        .isEqualTo(high.id().toString());

                target.answerHeld();
                target.awaitCount(7, Duration.ofSeconds(60));
            }
        }
    }

    private ConfigurableApplicationContext startWorker(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(infra.springProperties());
        all.putAll(properties);
        // As command-line arguments: they win over application.yml, unlike default properties.
        String[] args = all.entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(WorkerApplication.class)
                .web(WebApplicationType.NONE)
                .run(args);
    }
}
