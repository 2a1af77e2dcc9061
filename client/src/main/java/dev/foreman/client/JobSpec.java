package dev.foreman.client;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A job to submit. Only the target URL is required:
 *
 * <pre>{@code
 * JobSpec job = JobSpec.to("https://svc.internal/hooks/welcome")
 *         .queue("emails").type("send_welcome").priority(Priority.HIGH)
 *         .payload(Map.of("user_id", 42))
 *         .delay(Duration.ofMinutes(10))
 *         .build();
 * }</pre>
 */
public final class JobSpec {
    private final Map<String, Object> fields;
    private final String idempotencyKey;

    private JobSpec(Map<String, Object> fields, String idempotencyKey) {
        this.fields = fields;
        this.idempotencyKey = idempotencyKey;
    }

    public static Builder to(String url) {
        return new Builder(url);
    }

    /** The caller's idempotency key, or null when the client should make one. */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** The submit body's fields, without the idempotency key. */
    Map<String, Object> fields() {
        return fields;
    }

    public static final class Builder {
        private final Map<String, Object> target = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, Object> retry = new LinkedHashMap<>();
        private final Map<String, Object> fields = new LinkedHashMap<>();
        private String idempotencyKey;

        private Builder(String url) {
            target.put("url", Objects.requireNonNull(url, "url"));
        }

        public Builder queue(String queue) {
            fields.put("queue", queue);
            return this;
        }

        public Builder type(String type) {
            fields.put("type", type);
            return this;
        }

        public Builder priority(Priority priority) {
            fields.put("priority", priority.wireName());
            return this;
        }

        /** The HTTP method of the job's request (default POST). */
        public Builder method(String method) {
            target.put("method", method);
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** The request's JSON body: any value Jackson can write (a map, a record, a JsonNode...). */
        public Builder payload(Object payload) {
            fields.put("payload", payload);
            return this;
        }

        public Builder runAt(Instant runAt) {
            fields.put("run_at", runAt.toString());
            return this;
        }

        public Builder delay(Duration delay) {
            fields.put("delay", delay.toString());
            return this;
        }

        /** How long one attempt may take before it counts as failed. */
        public Builder timeout(Duration timeout) {
            fields.put("timeout", timeout.toString());
            return this;
        }

        public Builder maxAttempts(int maxAttempts) {
            retry.put("max_attempts", maxAttempts);
            return this;
        }

        public Builder backoff(Duration min, Duration max) {
            retry.put("min_backoff", min.toString());
            retry.put("max_backoff", max.toString());
            return this;
        }

        public Builder maxRetryDuration(Duration maxRetryDuration) {
            retry.put("max_retry_duration", maxRetryDuration.toString());
            return this;
        }

        /** Stores the job at most once per key; without one, the client makes a key per submit. */
        public Builder idempotencyKey(String idempotencyKey) {
            this.idempotencyKey = idempotencyKey;
            return this;
        }

        public Builder callbackUrl(String callbackUrl) {
            fields.put("callback_url", callbackUrl);
            return this;
        }

        public Builder label(String name, String value) {
            labels.put(name, value);
            return this;
        }

        /** Another field of the submit body by its wire name, for settings newer than this client. */
        public Builder field(String name, Object value) {
            fields.put(name, value);
            return this;
        }

        public JobSpec build() {
            Map<String, Object> body = new LinkedHashMap<>(fields);
            Map<String, Object> fullTarget = new LinkedHashMap<>(target);
            if (!headers.isEmpty()) {
                fullTarget.put("headers", Map.copyOf(headers));
            }
            body.put("target", fullTarget);
            if (!retry.isEmpty()) {
                body.put("retry", new LinkedHashMap<>(retry));
            }
            if (!labels.isEmpty()) {
                body.put("labels", new LinkedHashMap<>(labels));
            }
            return new JobSpec(body, idempotencyKey);
        }
    }
}
