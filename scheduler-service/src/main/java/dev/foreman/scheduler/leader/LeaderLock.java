package dev.foreman.scheduler.leader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The leader lock on one Redis key whose value is the holder's instance id. {@link LeaderElection}
 * ticks it every third of the TTL: the holder extends it (only if the value is still its own) and
 * a standby tries to take it.
 *
 * <p>{@link #isLeader()} also checks the lease locally: the lock counts only until one TTL after
 * the last successful acquire or renewal began, so a holder whose renewals stall (a long GC pause,
 * a Redis command hanging) stops acting as leader no later than Redis lets someone else in.
 */
class LeaderLock {
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

    /** What one {@link #tick()} found. */
    enum Outcome {
        /** This instance holds the lock. */
        HELD,
        /** Redis answered, and another instance holds the lock. */
        HELD_BY_ANOTHER,
        /** Redis did not answer: nobody can tell who holds the lock. */
        UNREACHABLE
    }

    private final StringRedisTemplate redis;
    private final String key;
    private final String instanceId;
    private final Duration ttl;
    private final Clock clock;

    private volatile boolean leader;
    private volatile Instant validUntil = Instant.MIN;

    LeaderLock(StringRedisTemplate redis, String key, String instanceId, Duration ttl, Clock clock) {
        this.redis = redis;
        this.key = key;
        this.instanceId = instanceId;
        this.ttl = ttl;
        this.clock = clock;
    }

    boolean isLeader() {
        return leader && clock.instant().isBefore(validUntil);
    }

    /** The id this instance writes as the lock's value. */
    String instanceId() {
        return instanceId;
    }

    /** One round: renew the lock if we hold it, otherwise try to take it. */
    Outcome tick() {
        Instant attemptedAt = clock.instant();
        boolean held;
        try {
            held = leader ? extendIfMine() : acquire();
        } catch (RuntimeException e) {
            if (leader) {
                log.warn("Lost the Redis leader lock {}: Redis could not renew it", key, e);
            } else {
                log.debug("Could not reach Redis to take the leader lock {}", key, e);
            }
            leader = false;
            return Outcome.UNREACHABLE;
        }
        if (held) {
            validUntil = attemptedAt.plus(ttl);
            if (!leader) {
                log.info("{} holds the Redis leader lock {}", instanceId, key);
            }
        } else if (leader) {
            log.warn("{} lost the Redis leader lock {} to another instance", instanceId, key);
        }
        leader = held;
        return held ? Outcome.HELD : Outcome.HELD_BY_ANOTHER;
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
                log.info("{} released the Redis leader lock {}", instanceId, key);
            }
        } catch (RuntimeException e) {
            if (wasLeader) {
                log.warn("Could not release the Redis leader lock {}; it expires within {}", key, ttl, e);
            }
        }
    }
}
