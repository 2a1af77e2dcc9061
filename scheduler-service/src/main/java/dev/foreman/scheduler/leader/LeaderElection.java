package dev.foreman.scheduler.leader;

import dev.foreman.common.loop.BackgroundLoop;
import dev.foreman.common.loop.BackgroundLoop.Next;
import dev.foreman.common.loop.LoopWork;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether this instance leads: by the Redis lock, or, while Redis cannot be reached, by a
 * Postgres advisory lock, so schedules keep firing through a Redis outage. Every third of the TTL
 * it ticks both locks.
 *
 * <p>The Redis leader also holds the advisory lock whenever it can. That way losing Redis does not
 * change who leads (the leader simply carries on with the lock it already has), and an instance
 * cut off from Redis alone cannot start leading beside a healthy leader. An instance told by Redis
 * that another one leads gives the advisory lock up. Two leaders can still overlap for a moment
 * (around Redis coming back, or a leader cut off from Redis while the others reach it); every
 * step a leader takes is fenced in Postgres, so that costs work, never a double fire.
 *
 * <p>It starts before and stops after the work that needs leadership: see {@code
 * SchedulerShutdownOrder}.
 */
class LeaderElection implements Leadership, LoopWork {
    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

    /** Which lock this instance leads by, if any. */
    enum Lock {
        REDIS,
        POSTGRES,
        NONE
    }

    private final LeaderLock redis;
    private final AdvisoryLock postgres;
    private final BackgroundLoop ticker;

    private Lock leadingBy = Lock.NONE;

    LeaderElection(LeaderLock redis, AdvisoryLock postgres, Duration ttl) {
        this.redis = redis;
        this.postgres = postgres;
        // The locks step down on their own errors; a failed round is simply tried again at the next.
        // Stopping lets a round in hand finish instead of interrupting it: an interrupted renewal reads
        // as a lost lock (a warning and a fall back to the advisory lock) just before stop() releases
        // both. A round that hangs on an unreachable Redis is interrupted once stopWithin passed.
        this.ticker = BackgroundLoop.named("foreman-leader-election", ttl.dividedBy(3))
                .failureMessage("Leader election round failed")
                .stopWithin(ttl)
                .build(() -> {
                    tick();
                    return Next.WHEN_WOKEN;
                });
    }

    @Override
    public boolean isLeader() {
        return leadingBy() != Lock.NONE;
    }

    /** The lock this instance leads by right now; Redis when it holds both. */
    Lock leadingBy() {
        if (redis.isLeader()) {
            return Lock.REDIS;
        }
        return postgres.isLeader() ? Lock.POSTGRES : Lock.NONE;
    }

    /** Whether this instance holds the advisory lock, as a fallback in use or in reserve. */
    boolean holdsAdvisoryLock() {
        return postgres.isLeader();
    }

    /** The id this instance writes as the Redis lock's value. */
    String instanceId() {
        return redis.instanceId();
    }

    /** One round: the Redis lock first, then the advisory lock as Redis's answer says. */
    synchronized void tick() {
        switch (redis.tick()) {
            case HELD, UNREACHABLE -> postgres.tryHold();
            case HELD_BY_ANOTHER -> postgres.release();
        }
        Lock now = leadingBy();
        if (now != leadingBy) {
            logChange(leadingBy, now);
            leadingBy = now;
        }
    }

    private void logChange(Lock before, Lock now) {
        switch (now) {
            case REDIS -> log.info("{} is now the scheduler leader, by the Redis lock", instanceId());
            case POSTGRES ->
                log.warn(
                        "{} leads by the Postgres advisory lock: Redis is unreachable (it returns to the Redis lock once Redis answers)",
                        instanceId());
            case NONE -> log.info("{} no longer leads (it led by the {} lock)", instanceId(), before);
        }
    }

    @Override
    public BackgroundLoop loop() {
        return ticker;
    }

    /** Stops ticking and gives both locks up, so a standby takes over at its next tick. */
    @Override
    public void stop() {
        ticker.stop();
        synchronized (this) {
            redis.release();
            postgres.release();
            leadingBy = Lock.NONE;
        }
    }
}
