package dev.foreman.scheduler.leader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * A leader lock on one Redis key whose value is the holder's instance id. Every third of the TTL
 * the holder extends it (only if the value is still its own) and a standby tries to take it.
 *
 * <p>{@link #isLeader()} also checks the lease locally: leadership counts only until one TTL
 * after the last successful acquire or renewal began, so a holder whose renewals stall (a long GC
 * pause, a Redis command hanging) stops acting as leader no later than Redis lets someone else in.
 */
class LeaderLock implements Leadership, SmartLifecycle {
    /** The lock of the scheduler leader. */
    static final String KEY = "foreman:scheduler:leader";

    private static final Logger log = LoggerFactory.getLogger(LeaderLock.class);

    private static final RedisScript<Long> EXTEND_IF_MINE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """, Long.class);

    private static final RedisScript<Long> DELETE_IF_MINE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                return redis.call('DEL', KEYS[1])
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final String key;
    private final String instanceId;
    private final Duration ttl;
    private final Clock clock;

    private volatile boolean leader;
    private volatile Instant validUntil = Instant.MIN;
    private ScheduledExecutorService ticker;

    LeaderLock(StringRedisTemplate redis, String key, String instanceId, Duration ttl, Clock clock) {
        this.redis = redis;
        this.key = key;
        this.instanceId = instanceId;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public boolean isLeader() {
        return leader && clock.instant().isBefore(validUntil);
    }

    /** The id this instance writes as the lock's value. */
    String instanceId() {
        return instanceId;
    }

    /** One round: renew the lock if we hold it, otherwise try to take it. */
    void tick() {
        Instant attemptedAt = clock.instant();
        boolean held;
        try {
            held = leader ? extendIfMine() : acquire();
        } catch (RuntimeException e) {
            if (leader) {
                log.warn("Stopped leading: Redis could not renew the leader lock {}", key, e);
            } else {
                log.debug("Could not reach Redis to take the leader lock {}", key, e);
            }
            leader = false;
            return;
        }
        if (held) {
            validUntil = attemptedAt.plus(ttl);
            if (!leader) {
                log.info("{} is now the scheduler leader ({})", instanceId, key);
            }
        } else if (leader) {
            log.warn("{} lost the leader lock {} to another instance", instanceId, key);
        }
        leader = held;
    }

    private boolean acquire() {
        if (Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, instanceId, ttl))) {
            return true;
        }
        // Still ours from before a Redis hiccup made us step down: take it back without waiting for it to expire.
        return extendIfMine();
    }

    private boolean extendIfMine() {
        Long extended = redis.execute(EXTEND_IF_MINE, List.of(key), instanceId, String.valueOf(ttl.toMillis()));
        return extended != null && extended == 1L;
    }

    /** Gives the lock up if this instance holds it, so a standby can take over at its next try. */
    void release() {
        boolean wasLeader = leader;
        leader = false;
        try {
            Long deleted = redis.execute(DELETE_IF_MINE, List.of(key), instanceId);
            if (deleted != null && deleted == 1L) {
                log.info("{} released the leader lock {}", instanceId, key);
            }
        } catch (RuntimeException e) {
            if (wasLeader) {
                log.warn("Could not release the leader lock {}; it expires within {}", key, ttl, e);
            }
        }
    }

    @Override
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("foreman-leader-lock").daemon().factory());
        ticker.scheduleWithFixedDelay(this::tick, 0, ttl.toMillis() / 3, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(ttl.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ticker = null;
        release();
    }

    @Override
    public synchronized boolean isRunning() {
        return ticker != null;
    }

    /** Starts before and stops after the work that needs leadership (which runs in the default phase). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }
}
