package dev.foreman.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobAttemptRepository;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.testkit.dispatch.StandInRelay;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.JobBuilder;
import dev.foreman.testkit.target.StubTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The worker-service running in this JVM against the shared real Postgres and Kafka, with what its
 * integration tests feed it: a fresh tenant and stub target per test, and a stand-in for the
 * api-service's outbox relay to publish the dispatch records of the jobs a test queued.
 *
 * <p>Each test class gets a worker of its own: its own consumer group, so other classes' workers
 * never take its records, and its context closed after the class, so it claims no other class's
 * jobs. A subclass adds settings with {@code @TestPropertySource}.
 */
@SpringBootTest(
        properties = {"foreman.worker.consumer-group=worker-it-${random.uuid}", "foreman.worker.shutdown-grace=1s"})
@DirtiesContext
public abstract class RunningWorker {
    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    protected static StandInRelay relay;

    @Autowired
    protected JobRepository jobs;

    @Autowired
    protected JobAttemptRepository attempts;

    @Autowired
    protected WorkerProperties worker;

    /** The worker's clock: a test that replaces the bean moves the worker's time. */
    @Autowired
    protected Clock clock;

    protected TestTenant tenant;
    protected StubTarget target;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.registerSpringProperties(registry);
    }

    @BeforeAll
    static void connectTheRelay() {
        relay = new StandInRelay();
    }

    @AfterAll
    static void closeTheRelay() {
        relay.close();
    }

    @BeforeEach
    void newTenantAndTarget() {
        tenant = TestInfrastructure.shared().createTenant("worker-it");
        target = StubTarget.start();
    }

    @AfterEach
    void closeTarget() {
        target.close();
    }

    /** Inserts the job, targeting the stub's {@code /hook}, queued now; publishes nothing. */
    protected Job insertQueued(JobBuilder job) {
        List<Job> inserted = jobs.insertAllSkippingKnownIdempotencyKeys(
                tenant.id(), List.of(job.targeting(target.url("/hook")).build()), clock.instant());
        assertThat(inserted).singleElement().extracting(Job::state).isEqualTo(JobState.QUEUED);
        return inserted.getFirst();
    }

    /** The job as stored now. */
    protected Job current(Job job) {
        return jobs.findByTenantAndId(tenant.id(), job.id()).orElseThrow();
    }

    protected Job awaitState(Job job, JobState state) {
        return await("job " + job.id() + " " + state.wireName())
                .atMost(PATIENCE)
                .until(() -> current(job), j -> j.state() == state);
    }
}
