package dev.foreman.api.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.tenant.ActiveJobCounters;
import dev.foreman.testkit.infra.PortForwarder;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.time.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The limiter's Redis scripts against a real Redis: two limiter instances (as two api-service
 * replicas) share one window, the active-jobs counter refuses past the quota, and a Redis that
 * cannot be reached lets everything through, fast, counted.
 */
class RedisLimitsIT {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T10:00:00.250Z"));
    private final List<LettuceConnectionFactory> connections = new ArrayList<>();

    @AfterEach
    void disconnect() {
        connections.forEach(LettuceConnectionFactory::destroy);
    }

    @Test
    void twoLimiterInstancesShareOneWindowPerKey() {
        RedisLimits replicaA = limits(redisAddress(), new SimpleMeterRegistry());
        RedisLimits replicaB = limits(redisAddress(), new SimpleMeterRegistry());
        SlidingWindow window = new SlidingWindow(4, 1000);
        UUID key = UUID.randomUUID();

        List<Boolean> allowed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            allowed.add(replicaA.countRequest(key, window).orElseThrow().allowed());
            allowed.add(replicaB.countRequest(key, window).orElseThrow().allowed());
        }

        assertThat(allowed).containsExactly(true, true, true, true, false, false, false, false, false, false);
        // Another key has a window of its own.
        assertThat(replicaB.countRequest(UUID.randomUUID(), window)
                        .orElseThrow()
                        .allowed())
                .isTrue();
    }

    @Test
    void theWindowSlidesTheOldRequestsOut() {
        RedisLimits limits = limits(redisAddress(), new SimpleMeterRegistry());
        SlidingWindow window = new SlidingWindow(2, 1000);
        UUID key = UUID.randomUUID();
        limits.countRequest(key, window);
        limits.countRequest(key, window);
        assertThat(limits.countRequest(key, window).orElseThrow().allowed()).isFalse();

        // 1.5 s later (three quarters into the next window) the previous one still weighs
        // 0.25 × 2 = 0.5: one more fits, not two.
        clock.advance(Duration.ofMillis(1500));
        assertThat(limits.countRequest(key, window).orElseThrow().allowed()).isTrue();
        assertThat(limits.countRequest(key, window).orElseThrow().allowed()).isFalse();

        clock.advance(Duration.ofMillis(2000));
        assertThat(limits.countRequest(key, window).orElseThrow().remaining()).isEqualTo(1);
    }

    @Test
    void reservesActiveJobsUpToTheQuotaOnly() {
        RedisLimits limits = limits(redisAddress(), new SimpleMeterRegistry());
        UUID tenant = UUID.randomUUID();

        assertThat(limits.reserveActiveJobs(tenant, 2, 3)).contains(true);
        assertThat(limits.reserveActiveJobs(tenant, 2, 3)).contains(false);
        assertThat(limits.reserveActiveJobs(tenant, 1, 3)).contains(true);
        assertThat(limits.reserveActiveJobs(tenant, 1, 3)).contains(false);
        assertThat(template(redisAddress()).opsForValue().get(ActiveJobCounters.key(tenant)))
                .isEqualTo("3");
    }

    @Test
    void letsEveryCheckThroughCountedWhenRedisIsCutOff() throws Exception {
        try (PortForwarder link = PortForwarder.to(redisAddress())) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            RedisLimits limits = limits(new InetSocketAddress("127.0.0.1", link.port()), meters);
            SlidingWindow window = new SlidingWindow(1, 1000);
            UUID key = UUID.randomUUID();
            assertThat(limits.countRequest(key, window))
                    .map(SlidingWindow.Decision::allowed)
                    .contains(true);

            link.cut();
            long started = System.nanoTime();
            List<Optional<?>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(limits.countRequest(key, window));
                answers.add(limits.reserveActiveJobs(UUID.randomUUID(), 1, 0));
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(answers).allSatisfy(answer -> assertThat(answer).isEmpty());
            assertThat(meters.counter("foreman.api.limits.fail.open").count()).isEqualTo(40);
            // One check waited for Redis; the others skipped it while it was known to be down.
            assertThat(took).isLessThan(Duration.ofSeconds(10));

            link.restore();
            clock.advance(Duration.ofSeconds(2));
            assertThat(limits.countRequest(UUID.randomUUID(), window)).isPresent();
        }
    }

    private RedisLimits limits(InetSocketAddress redis, SimpleMeterRegistry meters) {
        return new RedisLimits(template(redis), clock, Duration.ofSeconds(1), meters);
    }

    private StringRedisTemplate template(InetSocketAddress redis) {
        var factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(redis.getHostString(), redis.getPort()),
                LettuceClientConfiguration.builder()
                        .commandTimeout(Duration.ofSeconds(3))
                        .build());
        factory.setEagerInitialization(true);
        factory.afterPropertiesSet();
        factory.start();
        connections.add(factory);
        return new StringRedisTemplate(factory);
    }

    private static InetSocketAddress redisAddress() {
        URI url = URI.create(TestInfrastructure.shared().redisUrl());
        return new InetSocketAddress(url.getHost(), url.getPort());
    }
}
