package dev.foreman.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.job.AttemptOutcome;
import dev.foreman.common.job.Job;
import dev.foreman.common.job.JobAttempt;
import dev.foreman.common.job.JobAttemptRepository;
import dev.foreman.common.job.JobRepository;
import dev.foreman.common.job.JobState;
import dev.foreman.testkit.infra.PortForwarder;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.jobs.Jobs;
import dev.foreman.worker.attempt.InFlightAttempts;
import dev.foreman.worker.attempt.RunningAttempt;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A worker whose Postgres goes away while attempts run (a restart, a failover), through a {@link
 * PortForwarder} the test cuts. A 2xx the target gave while the database was away is kept and
 * recorded once it is back, as long as the lease lasts; an attempt still waiting for its target is
 * aborted before its lease ends, so that the reaper's next attempt cannot run beside it.
 *
 * <p>The test reads and reaps with its own connections, straight to Postgres.
 */
@TestPropertySource(
        properties = {
            "foreman.worker.lease-margin=12s",
            "foreman.worker.heartbeat-interval=500ms",
            // Each failed write waits this long for a connection; the default 5 s would eat the short lease.
            "spring.datasource.hikari.connection-timeout=1000"
        })
class LeaseThroughDatabaseOutageIT extends RunningWorker {
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(12);

    private static final PortForwarder POSTGRES = linkToPostgres();

    private final JobRepository direct =
            new JobRepository(JdbcClient.create(TestInfrastructure.shared().dataSource()));
    private final JobAttemptRepository directAttempts = new JobAttemptRepository(
            JdbcClient.create(TestInfrastructure.shared().dataSource()));

    @Autowired
    private InFlightAttempts inFlight;

    @Autowired
    private MeterRegistry meters;

    /**
     * Hikari's own url: bound onto the pool after {@code spring.datasource.url}, which {@link
     * RunningWorker} registers too (and which would win over a second registration here).
     */
    @DynamicPropertySource
    static void throughTheLink(DynamicPropertyRegistry registry) {
        URI url = URI.create(TestInfrastructure.shared().jdbcUrl().substring("jdbc:".length()));
        registry.add(
                "spring.datasource.hikari.jdbc-url",
                () -> "jdbc:postgresql://127.0.0.1:" + POSTGRES.port() + url.getRawPath()
                        + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    private static PortForwarder linkToPostgres() {
        URI url = URI.create(TestInfrastructure.shared().jdbcUrl().substring("jdbc:".length()));
        return PortForwarder.to(new InetSocketAddress(url.getHost(), url.getPort()));
    }

    @AfterEach
    void bringPostgresBack() {
        POSTGRES.restore();
    }

    @AfterAll
    static void closeTheLink() throws Exception {
        POSTGRES.close();
    }

    @Test
    void keepsA2xxAnsweredWhilePostgresIsDownAndRecordsItOnceItIsBack() {
        target.delay(Duration.ofSeconds(1));
        Job job = insertQueued(Jobs.aJob().withTimeout(Duration.ofSeconds(30)));
        relay.publish(job);
        awaitDirect(job, JobState.RUNNING);
        target.awaitCount(1, PATIENCE);

        POSTGRES.cut();
        // The target answers 200 during the outage. The finish writer gives up after its own three
        // tries; without the worker trying again while the lease lasts, the 2xx would be dropped.
        await("the worker tries the finish of job " + job.id() + " again while Postgres is down")
                .atMost(PATIENCE)
                .until(() -> counter("foreman.worker.finish.write.retries") >= 1);
        POSTGRES.restore();

        Job succeeded = awaitDirect(job, JobState.SUCCEEDED);
        assertThat(succeeded.attempt()).isEqualTo(1);
        assertThat(target.count()).isEqualTo(1);
        assertThat(directAttempts.findByTenantAndJob(tenant.id(), job.id()))
                .singleElement()
                .extracting(JobAttempt::outcome)
                .isEqualTo(AttemptOutcome.SUCCEEDED);
    }

    @Test
    void abortsTheRequestOfAnAttemptWhoseLeaseCouldNotBeRenewedBeforeTheLeaseEnds() {
        target.delay(Duration.ofSeconds(120));
        Job job = insertQueued(Jobs.aJob().withTimeout(Duration.ofSeconds(300)));
        relay.publish(job);
        awaitDirect(job, JobState.RUNNING);
        target.awaitCount(1, PATIENCE);
        double abortedBefore = counter("foreman.worker.lease.expiring.aborted");

        POSTGRES.cut();
        Instant leaseEnd =
                direct.findByTenantAndId(tenant.id(), job.id()).orElseThrow().leaseExpiresAt();

        await("the worker aborts the request of job " + job.id() + " before its lease ends at " + leaseEnd)
                .atMost(LEASE_MARGIN.plus(Duration.ofSeconds(10)))
                .until(() ->
                        inFlight.running().stream().map(RunningAttempt::jobId).noneMatch(job.id()::equals));
        assertThat(clock.instant()).isBefore(leaseEnd);
        assertThat(counter("foreman.worker.lease.expiring.aborted")).isEqualTo(abortedBefore + 1);
    }

    private Job awaitDirect(Job job, JobState state) {
        return await("job " + job.id() + " " + state.wireName())
                .atMost(PATIENCE)
                .until(() -> direct.findByTenantAndId(tenant.id(), job.id()).orElseThrow(), j -> j.state() == state);
    }

    private double counter(String name) {
        Counter counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }
}
