package dev.foreman.scheduler.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.Job;
import dev.foreman.common.stats.JobStatsRepository;
import dev.foreman.common.tenant.ActiveJobCounters;
import dev.foreman.scheduler.TenantJobs;
import dev.foreman.scheduler.TestSchedulerProperties;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.jobs.Jobs;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The active-jobs counters set from Postgres, against a real Postgres and Redis. */
class ActiveJobCountReconcilerIT {
    private final TenantJobs jobs = new TenantJobs("quota-it");
    private final LettuceConnectionFactory connections =
            connect(TestInfrastructure.shared().redisUrl());
    private final StringRedisTemplate redis = new StringRedisTemplate(connections);
    private final ActiveJobCountReconciler reconciler = new ActiveJobCountReconciler(
            new JobStatsRepository(JdbcClient.create(TestInfrastructure.shared().dataSource())),
            redis,
            TestSchedulerProperties.bind(Map.of()));

    @AfterEach
    void disconnect() {
        connections.destroy();
    }

    @Test
    void setsEachTenantsCounterToItsActiveJobsAndAStaleOneToZero() {
        Instant now = Instant.now();
        jobs.insertQueuedSince(now);
        jobs.insertQueuedSince(now);
        jobs.insert(Jobs.aJob().dueAt(now.plus(Duration.ofHours(1))), now);
        Job running = jobs.insertClaimedAt(Jobs.aJob(), now).job();
        Job ended = jobs.insertClaimedAt(Jobs.aJob(), now).job();
        assertThat(jobs.finishAttempt(TenantJobs.succeeded(ended, now), now)).isTrue();
        // Submits counted jobs that have ended since; a tenant without jobs had a counter left over.
        redis.opsForValue().set(ActiveJobCounters.key(jobs.tenantId()), "40");
        UUID idle = UUID.randomUUID();
        redis.opsForValue().set(ActiveJobCounters.key(idle), "7");

        reconciler.reconcile();

        assertThat(redis.opsForValue().get(ActiveJobCounters.key(jobs.tenantId())))
                .as("two queued, one scheduled, one running (%s); the succeeded one no longer", running.id())
                .isEqualTo("4");
        assertThat(redis.opsForValue().get(ActiveJobCounters.key(idle))).isEqualTo("0");
    }

    private static LettuceConnectionFactory connect(String url) {
        URI uri = URI.create(url);
        var factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(uri.getHost(), uri.getPort()),
                LettuceClientConfiguration.builder()
                        .commandTimeout(Duration.ofSeconds(5))
                        .build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }
}
