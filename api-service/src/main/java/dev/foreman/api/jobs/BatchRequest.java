package dev.foreman.api.jobs;

import java.util.List;

/** The HTTP request body of {@code POST /v1/jobs/batch}. */
record BatchRequest(List<JobRequest> jobs) {}
