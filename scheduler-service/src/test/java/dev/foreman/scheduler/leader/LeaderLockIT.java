package dev.foreman.scheduler.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.testkit.infra.TestInfrastructure;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis leader lock on a real Redis, with a short TTL so failover happens within the test.
 * Postgres is reachable too, so the advisory lock only ever backs the Redis leader up here.
 */
class LeaderLockIT {
    private static final Duration TTL = Duration.ofMillis(1500);
    // Taking a free lock is one round trip, but the first one of a JVM also warms up the client.
    private static final Duration FIRST_TAKE = Duration.ofSeconds(5);

    private static TestRedis redisClient;
    private static StringRedisTemplate redis;

    private final TestElections elections = new TestElections(TTL);

    @BeforeAll
    static void connect() {
        redisClient = TestRedis.at(TestInfrastructure.shared().redisUrl());
        redis = redisClient.template();
        redis.hasKey("foreman:test:warm-up");
    }

    @AfterAll
    static void disconnect() {
        redisClient.close();
    }

    @AfterEach
    void stopElections() {
        elections.close();
        redis.delete(elections.key());
    }

    @Test
    void exactlyOneOfTwoInstancesLeads() {
        LeaderElection a = elections.started("a", redis);
        LeaderElection b = elections.started("b", redis);

        await("someone leads").atMost(FIRST_TAKE).until(() -> a.isLeader() || b.isLeader());
        await("exactly one leads, renewal after renewal")
                .during(TTL.multipliedBy(2))
                .atMost(TTL.multipliedBy(3))
                .until(() -> a.isLeader() != b.isLeader());

        LeaderElection leader = a.isLeader() ? a : b;
        assertThat(leader.leadingBy()).isEqualTo(LeaderElection.Lock.REDIS);
        assertThat(redis.opsForValue().get(elections.key())).isEqualTo(leader.instanceId());
    }

    @Test
    void theStandbyTakesOverWithinTheTtlWhenTheLeaderReleases() {
        LeaderElection first = elections.started("first", redis);
        await("first leads").atMost(FIRST_TAKE).until(first::isLeader);
        LeaderElection second = elections.started("second", redis);

        first.stop();

        assertThat(first.isLeader()).isFalse();
        await("second takes over").atMost(TTL).until(second::isLeader);
        assertThat(redis.opsForValue().get(elections.key())).isEqualTo(second.instanceId());
    }

    @Test
    void aLockWhoseOwnerStoppedRenewingIsTakenOverAfterTheTtl() {
        LeaderElection stalled = elections.election("stalled", redis);
        stalled.tick(); // takes the locks once and never renews them: a frozen process
        assertThat(stalled.isLeader()).isTrue();
        LeaderElection standby = elections.started("standby", redis);

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
        LeaderElection leader = elections.started("leader", redis);
        await("leader leads").atMost(FIRST_TAKE).until(leader::isLeader);

        redis.opsForValue().set(elections.key(), "someone-else", TTL.multipliedBy(10));

        await("leader steps down").atMost(TTL).until(() -> !leader.isLeader());
        assertThat(leader.holdsAdvisoryLock())
                .as("told by Redis that another leads, it also gives the fallback lock up")
                .isFalse();
        assertThat(redis.opsForValue().get(elections.key())).isEqualTo("someone-else");
    }

    @Test
    void releasingLeavesAnotherInstancesLockAlone() {
        LeaderLock holder = new LeaderLock(redis, elections.key(), "holder", TTL, Clock.systemUTC());
        holder.tick();
        LeaderLock other = new LeaderLock(redis, elections.key(), "other", TTL, Clock.systemUTC());

        other.release();

        assertThat(redis.opsForValue().get(elections.key())).isEqualTo("holder");
    }
}
