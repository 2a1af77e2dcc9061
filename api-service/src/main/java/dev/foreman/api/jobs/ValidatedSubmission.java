package dev.foreman.api.jobs;

import dev.foreman.common.job.ValidatedJob;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One request's jobs once validated, for its tenant, all or none to be written: what
 * {@link GroupCommit} groups and {@link SubmissionWriter} stores.
 *
 * @param now when the request was validated; its jobs' {@code run_at} counts from it
 * @param traceparent the trace context the jobs are submitted in (the request's span), or null
 */
record ValidatedSubmission(UUID tenantId, List<ValidatedJob> jobs, Instant now, String traceparent) {

    /** A submission outside any trace. */
    ValidatedSubmission(UUID tenantId, List<ValidatedJob> jobs, Instant now) {
        this(tenantId, jobs, now, null);
    }
}
