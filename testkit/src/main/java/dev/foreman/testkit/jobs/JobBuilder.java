package dev.foreman.testkit.jobs;

import dev.foreman.common.id.UuidV7;
import dev.foreman.common.job.JobTarget;
import dev.foreman.common.job.Priority;
import dev.foreman.common.job.RetryPolicy;
import dev.foreman.common.job.ValidatedJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds a {@link ValidatedJob}. Defaults: queue {@code default}, type {@code test}, priority normal, due
 * now, {@code POST} to {@link #PLACEHOLDER_URL} without payload, timeout 30 s, retry up to 3
 * attempts backing off from 1 s to 1 h over 16 doublings with no overall limit, a fresh UUIDv7 id.
 * Each {@link #build()} gives a new id unless one was set with {@link #withId}.
 */
public final class JobBuilder {
    /**
     * Where a job goes unless told otherwise: the discard port on loopback, so a test that forgot
     * {@link #targeting} fails fast with a refused connection instead of reaching a real service.
     */
    public static final String PLACEHOLDER_URL = "http://127.0.0.1:9/foreman-testkit-placeholder";

    private final Clock clock;
    private final UuidV7 ids;
    private UUID id;
    private String queue = "default";
    private String type = "test";
    private Priority priority = Priority.NORMAL;
    private Instant runAt;
    private String url = PLACEHOLDER_URL;
    private String method = "POST";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String payload;
    private Duration timeout = Duration.ofSeconds(30);
    private int maxAttempts = 3;
    private Duration minBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofHours(1);
    private int maxDoublings = 16;
    private Duration maxRetryDuration;
    private String idempotencyKey;
    private String callbackUrl;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private UUID scheduleId;

    JobBuilder(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new UuidV7(clock);
    }

    public JobBuilder withId(UUID id) {
        this.id = id;
        return this;
    }

    public JobBuilder inQueue(String queue) {
        this.queue = queue;
        return this;
    }

    public JobBuilder ofType(String type) {
        this.type = type;
        return this;
    }

    public JobBuilder withPriority(Priority priority) {
        this.priority = priority;
        return this;
    }

    /** Due at {@code runAt}: a job inserted before then starts {@code scheduled}. */
    public JobBuilder dueAt(Instant runAt) {
        this.runAt = runAt;
        return this;
    }

    /** Due {@code delay} after the builder's clock reads now. */
    public JobBuilder dueIn(Duration delay) {
        this.runAt = clock.instant().plus(delay);
        return this;
    }

    /** Due at the clock's now when built (the default): inserted {@code queued}. */
    public JobBuilder dueNow() {
        this.runAt = null;
        return this;
    }

    public JobBuilder targeting(String url) {
        this.url = url;
        return this;
    }

    public JobBuilder withMethod(String method) {
        this.method = method;
        return this;
    }

    /** A header the worker sends to the target, besides its own {@code Foreman-*} headers. */
    public JobBuilder withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** The JSON body sent to the target, as text; null for none. */
    public JobBuilder withPayload(String json) {
        this.payload = json;
        return this;
    }

    public JobBuilder withIdempotencyKey(String idempotencyKey) {
        this.idempotencyKey = idempotencyKey;
        return this;
    }

    public JobBuilder withMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
        return this;
    }

    /** Back-off bounds: the first retry waits up to {@code min}, no retry waits more than {@code max}. */
    public JobBuilder withBackoff(Duration min, Duration max) {
        this.minBackoff = min;
        this.maxBackoff = max;
        return this;
    }

    public JobBuilder withMaxDoublings(int maxDoublings) {
        this.maxDoublings = maxDoublings;
        return this;
    }

    /** Stop retrying this long after the first attempt; null (the default) for no limit. */
    public JobBuilder withMaxRetryDuration(Duration maxRetryDuration) {
        this.maxRetryDuration = maxRetryDuration;
        return this;
    }

    /** The whole retry policy at once, replacing every retry setting. */
    public JobBuilder withRetry(RetryPolicy retry) {
        this.maxAttempts = retry.maxAttempts();
        this.minBackoff = retry.minBackoff();
        this.maxBackoff = retry.maxBackoff();
        this.maxDoublings = retry.maxDoublings();
        this.maxRetryDuration = retry.maxRetryDuration();
        return this;
    }

    public JobBuilder withTimeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public JobBuilder withCallbackUrl(String callbackUrl) {
        this.callbackUrl = callbackUrl;
        return this;
    }

    public JobBuilder withLabel(String name, String value) {
        labels.put(name, value);
        return this;
    }

    /** Marks the job as fired by a cron schedule. */
    public JobBuilder fromSchedule(UUID scheduleId) {
        this.scheduleId = scheduleId;
        return this;
    }

    public ValidatedJob build() {
        return new ValidatedJob(
                id != null ? id : ids.next(),
                queue,
                type,
                priority,
                runAt != null ? runAt : clock.instant(),
                new JobTarget(url, method, headers),
                payload,
                timeout,
                new RetryPolicy(maxAttempts, minBackoff, maxBackoff, maxDoublings, maxRetryDuration),
                idempotencyKey,
                callbackUrl,
                Map.copyOf(labels),
                scheduleId);
    }
}
