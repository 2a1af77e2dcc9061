package dev.foreman.bench.stages;

import java.util.Map;

/**
 * The histograms the bench reads stage latencies from, in the order a job meets them. To follow
 * another stage, add it here: the short name the report shows, its Prometheus name without
 * {@code _bucket} (a timer, so its values are seconds), the labels a series must carry to count, and
 * what it spans. A histogram a service does not publish, or publishes without buckets, is skipped.
 */
enum StageMetric {
    POST_JOBS(
            "post_jobs",
            "http_server_requests_seconds",
            Map.of("uri", "/v1/jobs", "method", "POST"),
            "POST /v1/jobs as api-service timed it (only with its percentiles-histogram on)"),
    RELAY_LAG(
            "relay_lag",
            "foreman_outbox_relay_lag_seconds",
            Map.of(),
            "a job's outbox row written to Kafka acknowledging its record (api-service)"),
    RELAY_STEP(
            "relay_step",
            "foreman_outbox_relay_step_seconds",
            Map.of(),
            "one step of a relay batch: take, publish or commit (api-service)"),
    CLAIM_LATENESS(
            "claim_lateness",
            "foreman_worker_claim_lateness_seconds",
            Map.of(),
            "a job due to its claim by a worker (worker-service)"),
    DISPATCH(
            "dispatch",
            "foreman_worker_dispatch_duration_seconds",
            Map.of(),
            "a job's request sent to its answer (worker-service, only if it publishes a histogram)");

    private final String stage;
    private final String histogram;
    private final Map<String, String> requiredLabels;
    private final String span;

    StageMetric(String stage, String histogram, Map<String, String> requiredLabels, String span) {
        this.stage = stage;
        this.histogram = histogram;
        this.requiredLabels = requiredLabels;
        this.span = span;
    }

    /** The short name in the report, e.g. {@code relay_lag}. */
    String stage() {
        return stage;
    }

    /** The Prometheus histogram, e.g. {@code foreman_outbox_relay_lag_seconds}; its values are seconds. */
    String histogram() {
        return histogram;
    }

    /** The name of its bucket series in an exposition. */
    String bucketSeries() {
        return histogram + "_bucket";
    }

    /** What the stage spans, for the report's note. */
    String span() {
        return span;
    }

    /** Whether a series with these labels belongs to the stage: it carries the required ones. */
    boolean matches(Map<String, String> labels) {
        return labels.entrySet().containsAll(requiredLabels.entrySet());
    }
}
