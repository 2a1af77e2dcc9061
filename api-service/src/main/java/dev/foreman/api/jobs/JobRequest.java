package dev.foreman.api.jobs;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A job in an HTTP request, as a client submits it (DESIGN §3): the body of {@code POST /v1/jobs},
 * an item of a {@link BatchRequest}, a schedule's {@code job}; {@link SubmissionValidator} turns it
 * into a {@link dev.foreman.common.job.ValidatedJob}. Only {@code target.url} is required; every other field
 * has a default. Durations and times stay text here so that a bad one is reported with its field
 * by {@link SubmissionValidator} instead of failing the whole parse. A cron schedule's {@code job}
 * has the same shape.
 */
public record JobRequest(
        String queue,
        String type,
        String priority,
        Target target,
        JsonNode payload,
        String runAt,
        String delay,
        String timeout,
        Retry retry,
        String idempotencyKey,
        String callbackUrl,
        Map<String, String> labels) {

    /** The HTTP request to make. */
    public record Target(String url, String method, Map<String, String> headers) {}

    /** Overrides of the default retry policy; a field left out keeps its default. */
    public record Retry(
            Integer maxAttempts, String minBackoff, String maxBackoff, Integer maxDoublings, String maxRetryDuration) {}
}
