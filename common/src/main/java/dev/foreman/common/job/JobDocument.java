package dev.foreman.common.job;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A job as JSON, the one shape every reader sees: the API's answers (DESIGN §3) and the body of a
 * job's callback. Field names are snake_case whatever the mapper's default; durations are ISO-8601,
 * times RFC 3339 UTC, and the payload is the stored JSON as it is.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record JobDocument(
        UUID id,
        String queue,
        String type,
        String priority,
        String state,
        int attempt,
        int maxAttempts,
        Instant runAt,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt,
        TargetView target,
        @JsonRawValue String payload,
        String timeout,
        RetryView retry,
        String lastError,
        ResultView result,
        String idempotencyKey,
        String callbackUrl,
        Map<String, String> labels,
        UUID scheduleId) {

    public static JobDocument of(Job job) {
        return new JobDocument(
                job.id(),
                job.queue(),
                job.type(),
                job.priority().wireName(),
                job.state().wireName(),
                job.attempt(),
                job.maxAttempts(),
                job.runAt(),
                job.createdAt(),
                job.updatedAt(),
                job.startedAt(),
                job.finishedAt(),
                new TargetView(
                        job.target().url(), job.target().method(), job.target().headers()),
                job.payload(),
                iso(job.timeout()),
                RetryView.of(job.retry()),
                job.lastError(),
                ResultView.of(job.result()),
                job.idempotencyKey(),
                job.callbackUrl(),
                job.labels(),
                job.scheduleId());
    }

    /**
     * The same document with the values of {@code target.headers} replaced by {@link
     * TargetView#HIDDEN}, the names kept: what a {@code read_only} key and a callback's body see, since
     * header values often hold the target's credentials.
     */
    public JobDocument withTargetHeaderValuesHidden() {
        return new JobDocument(
                id,
                queue,
                type,
                priority,
                state,
                attempt,
                maxAttempts,
                runAt,
                createdAt,
                updatedAt,
                startedAt,
                finishedAt,
                target == null ? null : target.withHeaderValuesHidden(),
                payload,
                timeout,
                retry,
                lastError,
                result,
                idempotencyKey,
                callbackUrl,
                labels,
                scheduleId);
    }

    private static String iso(Duration duration) {
        return duration == null ? null : duration.toString();
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TargetView(String url, String method, Map<String, String> headers) {
        /** What a hidden header value reads as. */
        public static final String HIDDEN = "[hidden]";

        public TargetView withHeaderValuesHidden() {
            return new TargetView(url, method, hideValues(headers));
        }

        /** The same names, each with the value {@link #HIDDEN}, in the same order. */
        public static Map<String, String> hideValues(Map<String, String> headers) {
            if (headers == null) {
                return null;
            }
            Map<String, String> hidden = new java.util.LinkedHashMap<>();
            headers.keySet().forEach(name -> hidden.put(name, HIDDEN));
            return hidden;
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RetryView(
            int maxAttempts, String minBackoff, String maxBackoff, int maxDoublings, String maxRetryDuration) {
        static RetryView of(RetryPolicy retry) {
            return new RetryView(
                    retry.maxAttempts(),
                    iso(retry.minBackoff()),
                    iso(retry.maxBackoff()),
                    retry.maxDoublings(),
                    iso(retry.maxRetryDuration()));
        }
    }

    /** The target's answer to the last attempt: status, the first 4 KiB of the body, duration. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ResultView(Integer status, String body, Integer durationMs) {
        static ResultView of(JobResult result) {
            return result == null ? null : new ResultView(result.status(), result.body(), result.durationMs());
        }
    }
}
