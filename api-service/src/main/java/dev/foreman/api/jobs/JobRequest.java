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
        Map<String, String> labels,
        FlowControl flowControl) {

    /** A request without a flow-control key. */
    public JobRequest(
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
        this(
                queue,
                type,
                priority,
                target,
                payload,
                runAt,
                delay,
                timeout,
                retry,
                idempotencyKey,
                callbackUrl,
                labels,
                null);
    }

    /**
     * QStash's flow-control key: every job naming {@code key} shares its limits, across queues.
     *
     * @param maxConcurrency the most of the key's attempts running at once, or null
     * @param perSecond the most of the key's attempts starting a second, or null
     */
    public record FlowControl(String key, Integer maxConcurrency, Double perSecond) {}

    /** The HTTP request to make. */
    public record Target(String url, String method, Map<String, String> headers) {}

    /** Overrides of the default retry policy; a field left out keeps its default. */
    public record Retry(
            Integer maxAttempts, String minBackoff, String maxBackoff, Integer maxDoublings, String maxRetryDuration) {}
}
