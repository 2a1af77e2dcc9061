package dev.foreman.api.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.tenant.ActiveJobCounters;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.time.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Limits taken a share ahead per replica, against a real Redis: a busy key asks Redis once per
 * share, two replicas together never pass a limit, small limits stay exact.
 */
class LocalAllowancesIT {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T10:00:00.250Z"));
    private final List<LettuceConnectionFactory> connections = new ArrayList<>();
    private final StringRedisTemplate redis = template();

    @AfterEach
    void disconnect() {
        connections.forEach(LettuceConnectionFactory::destroy);
    }

    @Test
    void aReplicaTakesAboutTwoPercentOfALimitAtOnceAndOneOfASmallLimit() {
        assertThat(LocalAllowances.share(1000)).isEqualTo(20);
        assertThat(LocalAllowances.share(50)).isEqualTo(1);
        assertThat(LocalAllowances.share(1_000_000)).isEqualTo(LocalAllowances.MOST_AT_ONCE);
    }

    @Test
    void aBusyKeyAsksRedisOncePerShareOfItsLimit() {
        LocalAllowances replica = replica();
        SlidingWindow window = new SlidingWindow(1000, 1000);
        UUID key = UUID.randomUUID();

        for (int i = 0; i < 30; i++) {
            assertThat(replica.countRequest(key, window).orElseThrow().allowed())
                    .isTrue();
        }

        long index = window.index(clock.millis());
        assertThat(redis.opsForValue().get("foreman:ratelimit:{" + key + "}:" + index))
                .as("two shares of 20 counted for 30 requests")
                .isEqualTo("40");
        assertThat(replica.countRequest(key, window).orElseThrow().remaining())
                .as("what is left counts only the requests made")
                .isEqualTo(1000 - 31);
    }

    @Test
    void twoReplicasTogetherNeverLetMoreThanTheLimitThroughInOneWindow() {
        LocalAllowances replicaA = replica();
        LocalAllowances replicaB = replica();
        SlidingWindow window = new SlidingWindow(200, 1000);
        UUID key = UUID.randomUUID();

        int allowed = 0;
        for (int i = 0; i < 300; i++) {
            LocalAllowances replica = i % 2 == 0 ? replicaA : replicaB;
            if (replica.countRequest(key, window).orElseThrow().allowed()) {
                allowed++;
            }
        }

        assertThat(allowed).isBetween(200 - 2 * LocalAllowances.share(200), 200);
    }

    @Test
    void aSmallLimitIsExactAcrossReplicas() {
        LocalAllowances replicaA = replica();
        LocalAllowances replicaB = replica();
        SlidingWindow window = new SlidingWindow(5, 1000);
        UUID key = UUID.randomUUID();

        List<Boolean> allowed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            allowed.add((i % 2 == 0 ? replicaA : replicaB)
                    .countRequest(key, window)
                    .orElseThrow()
                    .allowed());
        }

        assertThat(allowed).containsExactly(true, true, true, true, true, false, false, false, false, false);
    }

    @Test
    void anActiveJobsQuotaIsTakenAShareAheadAndNeverPassedByTwoReplicas() {
        LocalAllowances replicaA = replica();
        LocalAllowances replicaB = replica();
        UUID tenant = UUID.randomUUID();

        assertThat(replicaA.reserveActiveJobs(tenant, 1, 1000)).contains(true);
        assertThat(redis.opsForValue().get(ActiveJobCounters.key(tenant)))
                .as("the job and a share of 20 ahead")
                .isEqualTo("21");

        UUID other = UUID.randomUUID();
        int fitted = 0;
        for (int i = 0; i < 150; i++) {
            if ((i % 2 == 0 ? replicaA : replicaB)
                    .reserveActiveJobs(other, 1, 100)
                    .orElseThrow()) {
                fitted++;
            }
        }
        assertThat(fitted).isBetween(100 - 2 * LocalAllowances.share(100), 100);
    }

    @Test
    void aQuotaAllowanceIsTrustedOnlyForAWhile() {
        LocalAllowances replica = replica();
        UUID tenant = UUID.randomUUID();
        replica.reserveActiveJobs(tenant, 1, 1000);

        redis.opsForValue().set(ActiveJobCounters.key(tenant), "1000");
        assertThat(replica.reserveActiveJobs(tenant, 1, 1000))
                .as("spent from the allowance")
                .contains(true);
        clock.advance(LocalAllowances.QUOTA_ALLOWANCE_TTL.plusMillis(1));

        assertThat(replica.reserveActiveJobs(tenant, 1, 1000))
                .as("asks Redis again, which has no room")
                .contains(false);
    }

    private LocalAllowances replica() {
        return new LocalAllowances(
                new RedisLimits(redis, clock, Duration.ofSeconds(1), new SimpleMeterRegistry()), clock);
    }

    private StringRedisTemplate template() {
        URI url = URI.create(TestInfrastructure.shared().redisUrl());
        var factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(url.getHost(), url.getPort()),
                LettuceClientConfiguration.builder()
                        .commandTimeout(Duration.ofSeconds(3))
                        .build());
        factory.setEagerInitialization(true);
        factory.afterPropertiesSet();
        factory.start();
        connections.add(factory);
        return new StringRedisTemplate(factory);
    }
}
