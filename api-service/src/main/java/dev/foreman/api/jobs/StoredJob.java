package dev.foreman.api.jobs;

import dev.foreman.common.job.Job;

/**
 * What a submission answers for one of its jobs: the job as stored, and whether the request only
 * repeated it (a known idempotency key).
 */
record StoredJob(Job job, boolean replayed) {}
