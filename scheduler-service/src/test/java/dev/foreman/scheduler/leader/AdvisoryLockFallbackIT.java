package dev.foreman.scheduler.leader;

import static dev.foreman.common.schedule.FireOutcome.FIRED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.common.schedule.MisfirePolicy;
import dev.foreman.common.schedule.OverlapPolicy;
import dev.foreman.common.schedule.Schedule;
import dev.foreman.scheduler.SchedulerApplication;
import dev.foreman.scheduler.TenantSchedules;
import dev.foreman.testkit.infra.TestInfrastructure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Leading through a Redis outage on a real Postgres: Redis is a port nothing listens on, or a
 * proxy the test cuts. Elections tick every third of a short TTL so takeovers happen within the
 * test.
 */
class AdvisoryLockFallbackIT {
    private static final Duration TTL = Duration.ofMillis(1500);
    /** Connecting to Postgres, or a first Redis command timing out, then one tick. */
    private static final Duration FIRST_TAKE = Duration.ofSeconds(5);
    /** The TTL the scheduler applications run with. */
    private static final Duration APP_TTL = Duration.ofSeconds(2);
    /** Starting the application, electing a leader and a first cron round. */
    private static final Duration APP_FIRST_FIRES = Duration.ofSeconds(30);

    private final TestElections elections = new TestElections(TTL);
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        elections.close();
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    @Test
    void leadsByTheAdvisoryLockWhileRedisIsUnreachable() {
        LeaderElection alone = elections.started("alone", unreachableRedis().template());

        await("leads by the advisory lock").atMost(FIRST_TAKE).until(alone::isLeader);

        assertThat(alone.leadingBy()).isEqualTo(LeaderElection.Lock.POSTGRES);
    }

    @Test
    void onlyOneOfTwoInstancesHoldsTheAdvisoryLockWhileRedisIsUnreachable() {
        LeaderElection a = elections.started("a", unreachableRedis().template());
        LeaderElection b = elections.started("b", unreachableRedis().template());

        await("someone leads").atMost(FIRST_TAKE).until(() -> a.isLeader() || b.isLeader());
        await("exactly one leads, tick after tick")
                .during(TTL.multipliedBy(2))
                .atMost(TTL.multipliedBy(3))
                .until(() -> a.isLeader() != b.isLeader());
    }

    @Test
    void theStandbyTakesTheAdvisoryLockOverWhenTheLeaderStops() {
        LeaderElection first = elections.started("first", unreachableRedis().template());
        await("first leads").atMost(FIRST_TAKE).until(first::isLeader);
        LeaderElection second = elections.started("second", unreachableRedis().template());

        first.stop();

        await("second takes over").atMost(FIRST_TAKE).until(second::isLeader);
        assertThat(second.leadingBy()).isEqualTo(LeaderElection.Lock.POSTGRES);
    }

    @Test
    void anInstanceCutOffFromRedisAloneDoesNotLeadBesideTheRedisLeader() {
        TestRedis redis = reachableRedis();
        LeaderElection healthy = elections.started("healthy", redis.template());
        await("the healthy instance leads and holds the advisory lock too")
                .atMost(FIRST_TAKE)
                .until(() -> healthy.leadingBy() == LeaderElection.Lock.REDIS && healthy.holdsAdvisoryLock());

        LeaderElection cutOff = elections.started("cut-off", unreachableRedis().template());

        await("the instance cut off from Redis stays a standby")
                .during(TTL.multipliedBy(2))
                .atMost(TTL.multipliedBy(3))
                .until(() -> !cutOff.isLeader() && healthy.isLeader());
    }

    @Test
    void keepsLeadingWithoutAGapWhenRedisGoesAwayAndReturnsToRedisWhenItIsBack() {
        CuttableProxy proxy = track(CuttableProxy.to(TestInfrastructure.shared().redisUrl()));
        LeaderElection leader =
                elections.started("leader", track(TestRedis.at(proxy.url())).template());
        await("leads by Redis, holding the advisory lock in reserve")
                .atMost(FIRST_TAKE)
                .until(() -> leader.leadingBy() == LeaderElection.Lock.REDIS && leader.holdsAdvisoryLock());

        proxy.cut();

        await("still leads, not a moment without, through the outage")
                .during(TTL.multipliedBy(3))
                .atMost(TTL.multipliedBy(4))
                .until(leader::isLeader);
        assertThat(leader.leadingBy()).isEqualTo(LeaderElection.Lock.POSTGRES);

        proxy.restore();

        // The Redis client reconnects with a back-off of its own, up to a few seconds after a short outage.
        await("back on the Redis lock")
                .atMost(Duration.ofSeconds(15))
                .until(() -> leader.leadingBy() == LeaderElection.Lock.REDIS);
    }

    @Test
    void twoSchedulersWithoutRedisFireEveryTimeOnceAcrossALeaderStop() {
        TenantSchedules schedules = new TenantSchedules("fallback-it");
        resources.add(schedules::deleteAll);
        Schedule everySecond = schedules.create(
                "* * * * * *",
                "UTC",
                MisfirePolicy.FIRE_ONCE,
                OverlapPolicy.ALLOW,
                Clock.systemUTC().instant());
        String noRedis = TestRedis.unreachableUrl();
        ConfigurableApplicationContext a = track(startScheduler(noRedis));
        ConfigurableApplicationContext b = track(startScheduler(noRedis));

        await("fires by the advisory lock")
                .atMost(APP_FIRST_FIRES)
                .until(() -> schedules.fireTimes(everySecond, FIRED).size() >= 3);
        LeaderElection electionA = a.getBean(LeaderElection.class);
        LeaderElection electionB = b.getBean(LeaderElection.class);
        assertThat(List.of(electionA.leadingBy(), electionB.leadingBy()))
                .as("one leads by the advisory lock, the other stands by")
                .containsExactlyInAnyOrder(LeaderElection.Lock.POSTGRES, LeaderElection.Lock.NONE);

        ConfigurableApplicationContext leader = electionA.isLeader() ? a : b;
        LeaderElection standby = electionA.isLeader() ? electionB : electionA;
        int firesBeforeStop = schedules.fireTimes(everySecond, FIRED).size();
        leader.close();

        await("the standby takes over").atMost(APP_TTL).until(standby::isLeader);
        await("and fires on")
                .atMost(APP_FIRST_FIRES)
                .until(() -> schedules.fireTimes(everySecond, FIRED).size() >= firesBeforeStop + 3);
        List<Instant> fired = schedules.fireTimes(everySecond, FIRED);
        assertThat(IntStream.range(1, fired.size()).mapToObj(i -> Duration.between(fired.get(i - 1), fired.get(i))))
                .as("every second fired once, with no second missing across the change of leader")
                .containsOnly(Duration.ofSeconds(1));
        assertThat(schedules.jobs(everySecond)).hasSize(fired.size());
    }

    private ConfigurableApplicationContext startScheduler(String redisUrl) {
        TestInfrastructure infra = TestInfrastructure.shared();
        return new SpringApplicationBuilder(SchedulerApplication.class)
                .run(
                        "--spring.datasource.url=" + infra.jdbcUrl(),
                        "--spring.datasource.username=" + infra.username(),
                        "--spring.datasource.password=" + infra.password(),
                        "--spring.data.redis.url=" + redisUrl,
                        "--spring.data.redis.timeout=500ms",
                        "--server.port=0",
                        "--foreman.scheduler.leader-ttl=" + APP_TTL.toMillis() + "ms");
    }

    private TestRedis unreachableRedis() {
        return track(TestRedis.unreachable());
    }

    private TestRedis reachableRedis() {
        return track(TestRedis.at(TestInfrastructure.shared().redisUrl()));
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }
}
