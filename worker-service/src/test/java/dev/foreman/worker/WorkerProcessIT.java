package dev.foreman.worker;

import static dev.foreman.testkit.jobs.JobAssert.assertThatJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobAttempt;
import dev.foreman.common.job.JobAttemptRepository;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.common.job.ValidatedJob;
import dev.foreman.testkit.dispatch.StandInRelay;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.JobBuilder;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.testkit.process.ServiceProcess;
import dev.foreman.testkit.target.StubTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Workers as separate processes that die: one killed without warning mid-request loses no job (the
 * lease expires, the reaper re-queues it, another worker finishes it), and one stopped with
 * SIGTERM mid-request hands its jobs back at once, leaving nothing running.
 */
class WorkerProcessIT {
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final JobRepository jobs = new JobRepository(JdbcClient.create(infra.dataSource()));
    private final JobAttemptRepository attempts = new JobAttemptRepository(JdbcClient.create(infra.dataSource()));
    private final StandInReaper reaper = new StandInReaper();
    private final StandInRelay relay = new StandInRelay();
    private final Clock clock = Clock.systemUTC();
    private TestTenant tenant;
    private StubTarget target;
    private ServiceProcess first;

    @BeforeEach
    void newTenantAndTarget() {
        tenant = infra.createTenant("worker-process-it");
        target = StubTarget.start();
    }

    @AfterEach
    void stopEverything() {
        if (first != null) {
            first.close();
        }
        target.close();
        relay.close();
    }

    @Test
    void aWorkerKilledMidRequestLosesNoJob() {
        target.delay(Duration.ofSeconds(60));
        // A short lease margin, so the killed worker's lease expires soon.
        Job job = insertQueued(Jobs.aJob().withTimeout(Duration.ofSeconds(8))).getFirst();
        relay.publish(job);
        first = ServiceProcess.start("worker-service", "killed-worker", settings("1s"));
        awaitHeldBy(first, List.of(job));
        target.awaitCount(1, PATIENCE);

        first.kill();
        target.delay(Duration.ZERO);

        await("the killed worker's lease on job " + job.id() + " expires and the reaper re-queues it")
                .atMost(PATIENCE)
                .until(() -> reaper.reapExpiredLeases(clock.instant()).contains(job.id()));
        assertThatJob(current(job)).isIn(JobState.QUEUED);
        relay.publish(job);
        try (ConfigurableApplicationContext second = startInJvmWorker()) {
            awaitState(job, JobState.SUCCEEDED);
        }

        List<JobAttempt> history = attempts.findByTenantAndJob(tenant.id(), job.id());
        assertThat(history).extracting(JobAttempt::attempt).containsExactly(1, 2);
        assertThat(history.get(0).outcome()).isEqualTo(AttemptOutcome.LEASE_EXPIRED);
        assertThat(history.get(0).worker()).startsWith("killed-worker-");
        assertThat(history)
                .filteredOn(attempt -> attempt.outcome() == AttemptOutcome.SUCCEEDED)
                .singleElement()
                .extracting(JobAttempt::attempt)
                .isEqualTo(2);
    }

    @Test
    void sigtermHandsBackInFlightJobs() {
        target.delay(Duration.ofSeconds(60));
        List<Job> inFlight = insertQueued(IntStream.range(0, 3)
                .mapToObj(i -> Jobs.aJob().withTimeout(Duration.ofSeconds(120)))
                .toArray(JobBuilder[]::new));
        relay.publishAll(inFlight);
        first = ServiceProcess.start("worker-service", "stopped-worker", settings("1s"));
        awaitHeldBy(first, inFlight);
        target.awaitCount(inFlight.size(), PATIENCE);
        String owner = current(inFlight.getFirst()).leaseOwner();

        Instant terminated = clock.instant();
        first.terminate();

        assertThat(first.awaitExit(Duration.ofSeconds(30)))
                .as("the worker exits after SIGTERM; see %s", first.log())
                .isTrue();
        assertThat(Duration.between(terminated, clock.instant())).isLessThan(Duration.ofSeconds(30));
        for (Job job : inFlight) {
            Job handedBack = current(job);
            assertThatJob(handedBack).isIn(JobState.QUEUED);
            assertThat(handedBack.leaseOwner()).isNull();
            assertThat(attempts.findByTenantAndJob(tenant.id(), job.id()))
                    .singleElement()
                    .satisfies(attempt -> {
                        assertThat(attempt.outcome()).isEqualTo(AttemptOutcome.FAILED);
                        assertThat(attempt.error())
                                .isEqualTo("worker " + owner + " shut down before the target answered");
                    });
        }

        target.delay(Duration.ZERO);
        relay.publishAll(inFlight);
        try (ConfigurableApplicationContext second = startInJvmWorker()) {
            inFlight.forEach(job -> awaitState(job, JobState.SUCCEEDED));
        }
        for (Job job : inFlight) {
            assertThat(attempts.findByTenantAndJob(tenant.id(), job.id()))
                    .extracting(JobAttempt::outcome)
                    .containsExactly(AttemptOutcome.FAILED, AttemptOutcome.SUCCEEDED);
        }
    }

    /** The first worker's settings: a fresh group, quick heartbeats, a tight lease, the given grace. */
    private static Map<String, String> settings(String shutdownGrace) {
        return Map.of(
                "FOREMAN_WORKER_CONSUMERGROUP",
                "worker-process-it-" + UUID.randomUUID(),
                "FOREMAN_WORKER_LEASEMARGIN",
                "1s",
                "FOREMAN_WORKER_HEARTBEATINTERVAL",
                "200ms",
                "FOREMAN_WORKER_SHUTDOWNGRACE",
                shutdownGrace);
    }

    /**
     * A second worker, in this JVM. Its own consumer group: the killed process may still be a
     * member of the first one until its session times out, which would hold up a rebalance.
     */
    private ConfigurableApplicationContext startInJvmWorker() {
        Map<String, String> properties = new HashMap<>(infra.springProperties());
        properties.put("foreman.worker.consumer-group", "worker-process-it-" + UUID.randomUUID());
        properties.put("foreman.worker.shutdown-grace", "1s");
        // As command-line arguments: they win over worker-service.yml, unlike default properties.
        String[] args = properties.entrySet().stream()
                .map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(WorkerApplication.class)
                .web(WebApplicationType.NONE)
                .run(args);
    }

    private List<Job> insertQueued(JobBuilder... builders) {
        List<ValidatedJob> newJobs = Arrays.stream(builders)
                .map(b -> b.targeting(target.url("/hook")).build())
                .toList();
        List<Job> inserted = jobs.insertAllSkippingKnownIdempotencyKeys(tenant.id(), newJobs, clock.instant());
        assertThat(inserted).hasSize(builders.length).allMatch(job -> job.state() == JobState.QUEUED);
        return inserted;
    }

    private void awaitHeldBy(ServiceProcess worker, List<Job> held) {
        await("worker process claims " + held.size() + " jobs (output in " + worker.log() + ")")
                .atMost(STARTUP)
                .until(() -> {
                    assertThat(worker.isAlive())
                            .as("the worker process is alive; see %s", worker.log())
                            .isTrue();
                    return held.stream()
                            .map(this::current)
                            .allMatch(job -> job.state() == JobState.RUNNING && holds(worker, job));
                });
    }

    private Job current(Job job) {
        return jobs.findByTenantAndId(tenant.id(), job.id()).orElseThrow();
    }

    private void awaitState(Job job, JobState state) {
        await("job " + job.id() + " " + state.wireName())
                .atMost(PATIENCE)
                .until(() -> current(job).state() == state);
    }

    /** Whether the worker process holds the job's lease: workers name leases {@code <HOSTNAME>-<pid>-…}. */
    private static boolean holds(ServiceProcess worker, Job job) {
        return job.leaseOwner() != null && job.leaseOwner().startsWith(worker.name() + "-" + worker.pid() + "-");
    }
}
