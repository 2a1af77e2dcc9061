package dev.foreman.api.jobs;

import dev.foreman.common.job.NewJob;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One request's validated jobs, all or none to be written.
 *
 * @param now when the request was validated; its jobs' {@code run_at} counts from it
 */
record Submission(UUID tenantId, List<NewJob> jobs, Instant now) {}
