package dev.foreman.common.tenant;

/**
 * A tenant's own quotas (DESIGN §3.1); a null field means the operator's default applies.
 *
 * @param requestsPerSecond requests per second each of the tenant's API keys may send
 * @param maxActiveJobs the most non-terminal jobs (scheduled, queued, running, retrying) at once
 * @param maxSchedules the most cron schedules
 */
public record TenantQuotas(Integer requestsPerSecond, Long maxActiveJobs, Integer maxSchedules) {
    /** No quota of its own: every default applies. */
    public static final TenantQuotas DEFAULTS = new TenantQuotas(null, null, null);

    public TenantQuotas {
        if (requestsPerSecond != null && requestsPerSecond < 1) {
            throw new IllegalArgumentException("requests_per_second must be at least 1");
        }
        if (maxActiveJobs != null && maxActiveJobs < 0) {
            throw new IllegalArgumentException("max_active_jobs must not be negative");
        }
        if (maxSchedules != null && maxSchedules < 0) {
            throw new IllegalArgumentException("max_schedules must not be negative");
        }
    }

    /** The tenant's requests per second, or {@code fallback} when it has none of its own. */
    public int requestsPerSecondOr(int fallback) {
        return requestsPerSecond == null ? fallback : requestsPerSecond;
    }

    /** The tenant's active-jobs quota, or {@code fallback} when it has none of its own. */
    public long maxActiveJobsOr(long fallback) {
        return maxActiveJobs == null ? fallback : maxActiveJobs;
    }

    /** The tenant's schedules quota, or {@code fallback} when it has none of its own. */
    public int maxSchedulesOr(int fallback) {
        return maxSchedules == null ? fallback : maxSchedules;
    }
}
