package dev.foreman.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import dev.foreman.testkit.jobs.Jobs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The scheduler service as it runs: it takes the Redis leader lock and promotes a job when it is due. */
@SpringBootTest(properties = "foreman.scheduler.leader-ttl=2s")
class SchedulerServiceIT {

    @Autowired
    private JobRepository jobs;

    private final Clock clock = Clock.systemUTC();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.registerSpringProperties(registry);
    }

    @Test
    void promotesADelayedJobOnTimeOnceItLeads() {
        TestTenant tenant = TestInfrastructure.shared().createTenant("scheduler-it");
        Instant runAt = clock.instant().plusSeconds(2);
        Job job = jobs.insertAllSkippingKnownIdempotencyKeys(
                        tenant.id(), List.of(Jobs.aJob().dueAt(runAt).build()), clock.instant())
                .getFirst();

        Job queued = await("job " + job.id() + " queued")
                .atMost(Duration.ofSeconds(15))
                .until(
                        () -> jobs.findByTenantAndId(tenant.id(), job.id()).orElseThrow(),
                        j -> j.state() == JobState.QUEUED);

        assertThat(queued.updatedAt()).isAfterOrEqualTo(runAt);
    }
}
