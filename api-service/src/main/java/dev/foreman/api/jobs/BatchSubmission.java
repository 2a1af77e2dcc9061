package dev.foreman.api.jobs;

import java.util.List;

/** The body of {@code POST /v1/jobs/batch}. */
record BatchSubmission(List<JobSubmission> jobs) {}
