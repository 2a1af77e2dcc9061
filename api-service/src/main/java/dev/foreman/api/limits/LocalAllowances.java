package dev.foreman.api.limits;

import dev.foreman.api.limits.RedisLimits.RequestGrant;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes the Redis limits a little ahead, so that a busy replica does not ask Redis on every
 * request: a request that finds no allowance left counts itself and up to {@link #share} more of
 * the key's window in one round trip, and the next requests of that key on this replica spend
 * them locally. The same for a tenant's active-jobs quota, where an allowance is trusted for
 * {@link #QUOTA_ALLOWANCE_TTL}.
 *
 * <p>A share is about 2% of the limit (at most {@link #MOST_AT_ONCE}), and one for limits of 50 or
 * less, where every request still asks Redis: small limits stay exact. A replica's unspent share
 * counts as used, so with R replicas a key may be refused up to R shares early, never let through
 * late.
 */
final class LocalAllowances {
    static final int MOST_AT_ONCE = 100;
    static final Duration QUOTA_ALLOWANCE_TTL = Duration.ofSeconds(1);
    private static final int FORGET_ABOVE = 10_000;

    private final RedisLimits redis;
    private final Clock clock;
    private final Map<UUID, RequestAllowance> requests = new ConcurrentHashMap<>();
    private final Map<UUID, QuotaAllowance> activeJobs = new ConcurrentHashMap<>();

    LocalAllowances(RedisLimits redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** How many a replica takes at once of a limit of {@code limit}. */
    static int share(long limit) {
        return (int) Math.clamp(limit / 50, 1, MOST_AT_ONCE);
    }

    /** Counts a request of {@code keyId}; empty when Redis could not tell (fail open). */
    Optional<SlidingWindow.Decision> countRequest(UUID keyId, SlidingWindow window) {
        long now = clock.millis();
        long index = window.index(now);
        RequestAllowance allowance = requests.computeIfAbsent(keyId, id -> new RequestAllowance());
        synchronized (allowance) {
            if (allowance.window == index && allowance.left > 0) {
                allowance.left--;
                return Optional.of(window.decide(true, allowance.previous, allowance.current - allowance.left, now));
            }
        }
        Optional<RequestGrant> grant = redis.countRequests(keyId, window, share(window.limit()));
        if (grant.isEmpty()) {
            return Optional.empty();
        }
        RequestGrant g = grant.get();
        int left = Math.max(0, g.granted() - 1);
        synchronized (allowance) {
            // Another request's grant of the same window may have landed meanwhile: both are spendable.
            allowance.left = allowance.window == g.window() ? allowance.left + left : left;
            allowance.window = g.window();
            allowance.previous = g.previous();
            allowance.current = Math.max(allowance.current, g.current());
        }
        forgetIfMany(requests);
        return Optional.of(window.decide(g.granted() > 0, g.previous(), g.current() - left, now));
    }

    /**
     * Takes room for {@code jobs} more active jobs of {@code tenantId} under {@code max}.
     *
     * @return whether they fit; empty when Redis could not tell (fail open)
     */
    Optional<Boolean> reserveActiveJobs(UUID tenantId, int jobs, long max) {
        long now = clock.millis();
        QuotaAllowance allowance = activeJobs.computeIfAbsent(tenantId, id -> new QuotaAllowance());
        synchronized (allowance) {
            if (allowance.until > now && allowance.left >= jobs) {
                allowance.left -= jobs;
                return Optional.of(true);
            }
        }
        int ahead = share(max) > 1 ? share(max) : 0;
        Optional<Long> granted = redis.reserveActiveJobs(tenantId, jobs, jobs + ahead, max);
        if (granted.isEmpty()) {
            return Optional.empty();
        }
        long extra = Math.max(0, granted.get() - jobs);
        if (granted.get() > 0) {
            synchronized (allowance) {
                allowance.left = extra;
                allowance.until = now + QUOTA_ALLOWANCE_TTL.toMillis();
            }
        }
        forgetIfMany(activeJobs);
        return Optional.of(granted.get() > 0);
    }

    private static void forgetIfMany(Map<UUID, ?> allowances) {
        if (allowances.size() > FORGET_ABOVE) {
            // A bound, not a cache policy: what is forgotten was at most a share ahead.
            allowances.clear();
        }
    }

    private static final class RequestAllowance {
        long window = Long.MIN_VALUE;
        int left;
        long previous;
        long current;
    }

    private static final class QuotaAllowance {
        long until;
        long left;
    }
}
