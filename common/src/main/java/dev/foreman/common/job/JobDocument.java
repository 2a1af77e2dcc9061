package dev.foreman.common.job;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
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

    /** What a redacted {@code target.headers} value reads. */
    public static final String REDACTED = "[redacted]";

    /**
     * The same document with every {@code target.headers} value replaced by {@link #REDACTED}: the
     * names stay, the values (often the target's credentials) do not leave Foreman, e.g. in a
     * callback's body.
     */
    public JobDocument withHeaderValuesRedacted() {
        Map<String, String> redacted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        target.headers().keySet().forEach(name -> redacted.put(name, REDACTED));
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
                new TargetView(target.url(), target.method(), redacted),
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
    public record TargetView(String url, String method, Map<String, String> headers) {}

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
