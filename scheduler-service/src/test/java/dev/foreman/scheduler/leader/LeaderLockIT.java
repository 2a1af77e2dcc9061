package dev.foreman.scheduler.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.testkit.infra.TestInfrastructure;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The leader lock on a real Redis, with a short TTL so failover happens within the test. */
class LeaderLockIT {
    private static final Duration TTL = Duration.ofMillis(1500);
    // Taking a free lock is one round trip, but the first one of a JVM also warms up the client.
    private static final Duration FIRST_TAKE = Duration.ofSeconds(5);

    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;

    // Each test its own key, so locks of one test never see another's.
    private final String key = "foreman:test:leader:" + UUID.randomUUID();
    private final List<LeaderLock> locks = new ArrayList<>();

    @BeforeAll
    static void connect() {
        URI url = URI.create(TestInfrastructure.shared().redisUrl());
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(url.getHost(), url.getPort()));
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
        redis.hasKey("foreman:test:warm-up");
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @AfterEach
    void stopLocks() {
        locks.forEach(LeaderLock::stop);
        redis.delete(key);
    }

    @Test
    void exactlyOneOfTwoInstancesLeads() {
        LeaderLock a = start(lock("a"));
        LeaderLock b = start(lock("b"));

        await("someone leads").atMost(FIRST_TAKE).until(() -> a.isLeader() || b.isLeader());
        await("exactly one leads, renewal after renewal")
                .during(TTL.multipliedBy(2))
                .atMost(TTL.multipliedBy(3))
                .until(() -> a.isLeader() != b.isLeader());

        LeaderLock leader = a.isLeader() ? a : b;
        assertThat(redis.opsForValue().get(key)).isEqualTo(leader.instanceId());
    }

    @Test
    void theStandbyTakesOverWithinTheTtlWhenTheLeaderReleases() {
        LeaderLock first = start(lock("first"));
        await("first leads").atMost(FIRST_TAKE).until(first::isLeader);
        LeaderLock second = start(lock("second"));

        first.stop();

        assertThat(first.isLeader()).isFalse();
        await("second takes over").atMost(TTL).until(second::isLeader);
        assertThat(redis.opsForValue().get(key)).isEqualTo(second.instanceId());
    }

    @Test
    void aLockWhoseOwnerStoppedRenewingIsTakenOverAfterTheTtl() {
        LeaderLock stalled = lock("stalled");
        stalled.tick(); // takes the lock once and never renews it: a frozen process
        assertThat(stalled.isLeader()).isTrue();
        LeaderLock standby = start(lock("standby"));

        await("standby waits while the stalled lock lives")
                .during(TTL.dividedBy(2))
                .atMost(TTL)
                .until(() -> !standby.isLeader());
        await("standby takes over").atMost(TTL.multipliedBy(2)).until(standby::isLeader);
        assertThat(stalled.isLeader())
                .as("a stalled owner stops believing it leads once its TTL has passed")
                .isFalse();
    }

    @Test
    void aLeaderWhoseLockWasTakenStepsDownAtItsNextRenewal() {
        LeaderLock leader = start(lock("leader"));
        await("leader leads").atMost(FIRST_TAKE).until(leader::isLeader);

        redis.opsForValue().set(key, "someone-else", TTL.multipliedBy(10));

        await("leader steps down").atMost(TTL).until(() -> !leader.isLeader());
        assertThat(redis.opsForValue().get(key)).isEqualTo("someone-else");
    }

    @Test
    void releasingLeavesAnotherInstancesLockAlone() {
        LeaderLock holder = lock("holder");
        holder.tick();
        LeaderLock other = lock("other");

        other.release();

        assertThat(redis.opsForValue().get(key)).isEqualTo(holder.instanceId());
    }

    private LeaderLock lock(String name) {
        LeaderLock lock = new LeaderLock(redis, key, name + "-" + UUID.randomUUID(), TTL, Clock.systemUTC());
        locks.add(lock);
        return lock;
    }

    private static LeaderLock start(LeaderLock lock) {
        lock.start();
        return lock;
    }
}
