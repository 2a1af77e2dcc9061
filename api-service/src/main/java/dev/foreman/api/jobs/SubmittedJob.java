package dev.foreman.api.jobs;

import dev.foreman.common.job.Job;

/** A stored job and whether the request only repeated it (a known idempotency key). */
record SubmittedJob(Job job, boolean replayed) {}
