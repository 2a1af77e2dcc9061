package dev.foreman.api.limits;

import dev.foreman.common.tenant.ActiveJobCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The limits' state in Redis, shared by every api-service replica, one round trip (a Lua script)
 * per check. Redis trouble never fails a request: the check answers empty ("no limit known"), which
 * callers treat as allowed (fail open), counted in {@code foreman.api.limits.fail.open} and logged at
 * most every 10 s. After a failure the limiter leaves Redis alone for {@code retryAfter}, so an
 * outage costs requests no timeouts.
 */
class RedisLimits {
    private static final Logger log = LoggerFactory.getLogger(RedisLimits.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);

    /**
     * KEYS: previous and current window; ARGV: limit, previous window's weight, expiry ms, the most
     * requests to count at once. Counts as many as fit, up to that most; answers how many.
     */
    private static final RedisScript<List> COUNT_REQUESTS = new DefaultRedisScript<>("""
            local previous = tonumber(redis.call('GET', KEYS[1]) or '0')
            local current = tonumber(redis.call('GET', KEYS[2]) or '0')
            local room = math.floor(tonumber(ARGV[1]) - previous * tonumber(ARGV[2]) - current)
            if room < 1 then
              return {0, previous, current}
            end
            local granted = math.min(room, tonumber(ARGV[4]))
            current = redis.call('INCRBY', KEYS[2], granted)
            if current == granted then
              redis.call('PEXPIRE', KEYS[2], ARGV[3])
            end
            return {granted, previous, current}
            """, List.class);

    /**
     * KEYS: the tenant's counter; ARGV: jobs to add, the quota, the most to add at once. Adds the
     * jobs and as many more (up to that most) as fit; answers how many were added, 0 when the jobs
     * did not fit.
     */
    private static final RedisScript<List> RESERVE_ACTIVE_JOBS = new DefaultRedisScript<>("""
            local active = tonumber(redis.call('GET', KEYS[1]) or '0')
            local wanted = tonumber(ARGV[1])
            local room = tonumber(ARGV[2]) - active
            if wanted > room then
              return {0, active}
            end
            local granted = math.max(wanted, math.min(room, tonumber(ARGV[3])))
            return {granted, redis.call('INCRBY', KEYS[1], granted)}
            """, List.class);

    private final StringRedisTemplate redis;
    private final Clock clock;
    private final Duration retryAfter;
    private final Counter failOpen;
    private final AtomicReference<Instant> skipRedisUntil = new AtomicReference<>(Instant.MIN);
    private final AtomicReference<Instant> nextLog = new AtomicReference<>(Instant.MIN);
    private final AtomicLong unlogged = new AtomicLong();

    RedisLimits(StringRedisTemplate redis, Clock clock, Duration retryAfter, MeterRegistry meters) {
        this.redis = redis;
        this.clock = clock;
        this.retryAfter = retryAfter;
        this.failOpen = Counter.builder("foreman.api.limits.fail.open")
                .description("Limit checks (rate limit, active-jobs quota) let through unchecked because Redis"
                        + " failed or was left alone after a failure")
                .register(meters);
    }

    /** Counts a request of {@code keyId} against its window, unless that would pass the limit. */
    Optional<SlidingWindow.Decision> countRequest(UUID keyId, SlidingWindow window) {
        long nowMillis = clock.millis();
        return countRequests(keyId, window, 1)
                .map(grant -> window.decide(grant.granted() > 0, grant.previous(), grant.current(), nowMillis));
    }

    /**
     * Counts up to {@code most} requests of {@code keyId} against its window, as many as fit.
     *
     * @return how many were counted (0: not even one fits) and the window's counts after; empty
     *     when Redis could not tell (let the request through)
     */
    Optional<RequestGrant> countRequests(UUID keyId, SlidingWindow window, int most) {
        Instant now = clock.instant();
        long nowMillis = now.toEpochMilli();
        long index = window.index(nowMillis);
        // One hash tag per key: both windows live on one Redis Cluster node.
        String prefix = "foreman:ratelimit:{" + keyId + "}:";
        List<?> result = run(
                now,
                COUNT_REQUESTS,
                List.of(prefix + (index - 1), prefix + index),
                String.valueOf(window.limit()),
                String.valueOf(window.previousWeight(nowMillis)),
                String.valueOf(window.windowMillis() * 2),
                String.valueOf(most));
        if (result == null) {
            return Optional.empty();
        }
        return Optional.of(
                new RequestGrant((int) number(result.get(0)), number(result.get(1)), number(result.get(2)), index));
    }

    /**
     * Adds {@code jobs} to the tenant's active-jobs counter unless it would pass {@code max}.
     *
     * @return whether they fit; empty when Redis could not tell (let them in)
     */
    Optional<Boolean> reserveActiveJobs(UUID tenantId, int jobs, long max) {
        return reserveActiveJobs(tenantId, jobs, jobs, max).map(granted -> granted > 0);
    }

    /**
     * Adds {@code jobs}, and up to {@code most} in all if they fit, to the tenant's active-jobs
     * counter, unless the jobs alone would pass {@code max}.
     *
     * @return how many were added: 0 when the jobs did not fit; empty when Redis could not tell
     */
    Optional<Long> reserveActiveJobs(UUID tenantId, int jobs, long most, long max) {
        List<?> result = run(
                clock.instant(),
                RESERVE_ACTIVE_JOBS,
                List.of(ActiveJobCounters.key(tenantId)),
                String.valueOf(jobs),
                String.valueOf(max),
                String.valueOf(Math.max(jobs, most)));
        return result == null ? Optional.empty() : Optional.of(number(result.get(0)));
    }

    /**
     * Requests counted at once for one key.
     *
     * @param granted how many were counted; 0 when not even one fitted
     * @param previous the previous window's count
     * @param current the current window's count, the granted ones included
     * @param window the index of the window they were counted in
     */
    record RequestGrant(int granted, long previous, long current, long window) {}

    private List<?> run(Instant now, RedisScript<List> script, List<String> keys, String... args) {
        if (now.isBefore(skipRedisUntil.get())) {
            failOpen.increment();
            return null;
        }
        try {
            return redis.execute(script, keys, (Object[]) args);
        } catch (RuntimeException e) {
            skipRedisUntil.set(now.plus(retryAfter));
            failOpen.increment();
            logFailure(now, e);
            return null;
        }
    }

    private void logFailure(Instant now, RuntimeException e) {
        Instant due = nextLog.get();
        if (now.isBefore(due) || !nextLog.compareAndSet(due, now.plus(LOG_EVERY))) {
            unlogged.incrementAndGet();
            return;
        }
        log.warn(
                "Rate limits and quotas are not enforced: Redis failed ({}); requests go through unchecked"
                        + " for {} at a time until it answers ({} more failures since the last line)",
                e.toString(),
                retryAfter,
                unlogged.getAndSet(0),
                e);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
    }
}
