package dev.foreman.api.limits;

import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.ProblemCode;
import java.time.Duration;
import java.util.UUID;

/**
 * The {@code max_active_jobs} quota at submit: the submission's jobs are added to the tenant's
 * counter in Redis if they fit, in one round trip (or from this replica's allowance, see
 * {@link LocalAllowances}), instead of a count of the jobs table per submit.
 * The counter is approximate (see {@link dev.foreman.common.tenant.ActiveJobCounters}): a
 * submission refused by the database or answered from an idempotent replay still counts until the
 * scheduler next sets it from Postgres, and jobs that ended leave it only then.
 */
public class ActiveJobQuota {
    private final LocalAllowances redis;
    private final TenantLimits tenants;
    private final int retryAfterSeconds;
    private final boolean enabled;

    ActiveJobQuota(LocalAllowances redis, TenantLimits tenants, Duration reconcileInterval, boolean enabled) {
        this.redis = redis;
        this.tenants = tenants;
        this.retryAfterSeconds = (int) Math.max(1, reconcileInterval.toSeconds());
        this.enabled = enabled;
    }

    /** Takes room for {@code jobs} more active jobs, or answers {@code 429 quota_exceeded}. */
    public void reserve(UUID tenantId, int jobs) {
        if (!enabled || jobs == 0) {
            return;
        }
        long max = tenants.maxActiveJobs(tenantId);
        boolean fits = redis.reserveActiveJobs(tenantId, jobs, max).orElse(true);
        if (!fits) {
            throw ApiProblem.retryAfter(
                    ProblemCode.QUOTA_EXCEEDED,
                    "The tenant may have " + max + " active jobs (scheduled, queued, running or retrying) and "
                            + (jobs == 1 ? "this job" : "these " + jobs + " jobs") + " would pass that. Wait for jobs"
                            + " to end, or cancel some, or ask the operator for a larger quota.",
                    retryAfterSeconds);
        }
    }
}
