package dev.foreman.scheduler.leader;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

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
 */
class LeaderElection implements Leadership, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);

    /** Which lock this instance leads by, if any. */
    enum Lock {
        REDIS,
        POSTGRES,
        NONE
    }

    private final LeaderLock redis;
    private final AdvisoryLock postgres;
    private final Duration ttl;

    private Lock leadingBy = Lock.NONE;
    private ScheduledExecutorService ticker;

    LeaderElection(LeaderLock redis, AdvisoryLock postgres, Duration ttl) {
        this.redis = redis;
        this.postgres = postgres;
        this.ttl = ttl;
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
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("foreman-leader-election").daemon().factory());
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, ttl.toMillis() / 3, TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; the locks already stepped down on their own errors.
            log.error("Leader election round failed; trying again at the next one", e);
        }
    }

    /** Stops ticking and gives both locks up, so a standby takes over at its next tick. */
    @Override
    public void stop() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = ticker;
            ticker = null;
        }
        if (stopping != null) {
            stopping.shutdownNow();
            try {
                stopping.awaitTermination(ttl.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            redis.release();
            postgres.release();
            leadingBy = Lock.NONE;
        }
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
