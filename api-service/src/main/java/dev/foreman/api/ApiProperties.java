package dev.foreman.api;

import dev.foreman.common.job.Priority;
import dev.foreman.common.job.RetryPolicy;
import dev.foreman.common.target.AddressRange;
import dev.foreman.common.target.TargetAddressPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the api-service, under {@code foreman.api}. Defaults are the values below;
 * {@code ApiPropertiesTest} pins them.
 *
 * @param bootstrapApiKey on a database without any API key, this key becomes the admin key of a
 *     new {@code default} tenant (set it with {@code FOREMAN_BOOTSTRAP_API_KEY}); blank means no
 *     bootstrap
 * @param maxBodySize the largest request body accepted, whether or not the client declares its
 *     length; larger bodies answer 413
 * @param maxConcurrentRequests the most {@code /v1} requests in progress at once; more wait up to
 *     {@code maxQueueWait} for a slot, then answer {@code 503 overloaded}. Keep it a small multiple
 *     of the database pool size: beyond that requests only queue for connections
 * @param maxTenantShare the fraction of {@code maxConcurrentRequests} the requests of one tenant may
 *     hold at once (above 0, at most 1; at least one request): past it the tenant's further requests
 *     wait up to {@code maxQueueWait}, then answer {@code 503 overloaded}, so one tenant's slow
 *     request bodies or bursts cannot take every slot from the others
 * @param maxQueueWait how long a request past the limit waits for a slot before it is refused
 * @param auth how API keys are checked
 * @param signingSecretOverlap how long the signing secret a rotation replaces keeps signing beside the
 *     new one ({@code POST /v1/tenant/signing-secret/rotate})
 * @param jobs defaults and limits of job submission and listing
 * @param outbox how queued jobs are published to Kafka: at commit, and by the outbox relay
 * @param submit how submissions are written to the database
 * @param targets which addresses a job's {@code target.url} and {@code callback_url} may name
 *     literally (the SSRF guard's check at submit; the worker checks resolved names at dispatch)
 * @param limits per-key request rate and per-tenant quotas, and their operator-wide defaults
 */
@ConfigurationProperties("foreman.api")
@Validated
public record ApiProperties(
        String bootstrapApiKey,
        @DefaultValue("1MB") @NotNull DataSize maxBodySize,
        @DefaultValue("256") @Min(1) @Max(100_000) int maxConcurrentRequests,

        @DefaultValue("0.5") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
        double maxTenantShare,

        @DefaultValue("100ms") @NotNull Duration maxQueueWait,
        @DefaultValue @Valid Auth auth,
        @DefaultValue("24h") @NotNull Duration signingSecretOverlap,
        @DefaultValue @Valid Jobs jobs,
        @DefaultValue @Valid Outbox outbox,
        @DefaultValue @Valid Submit submit,
        @DefaultValue @Valid Targets targets,
        @DefaultValue @Valid Limits limits) {

    @AssertTrue(message = "max-body-size must be between 1KB and 64MB")
    boolean isMaxBodySizeSane() {
        return maxBodySize.toBytes() >= 1024
                && maxBodySize.toBytes() <= DataSize.ofMegabytes(64).toBytes();
    }

    /** Whether an operator asked for a bootstrap key. */
    public boolean hasBootstrapApiKey() {
        return bootstrapApiKey != null && !bootstrapApiKey.isBlank();
    }

    /**
     * API key checks.
     *
     * @param cacheTtl how long a key that was found valid is trusted without asking the database
     *     again. Revocation, expiry and suspension reach every replica at once through Redis; when
     *     Redis is down a revoked key keeps working on another replica for at most this long
     * @param cacheMaxSize how many valid keys the cache holds at most
     * @param negativeCacheTtl how long a key that was found unknown, revoked or expired is refused
     *     without asking the database again, so a flood of bad keys costs no database work
     * @param negativeCacheMaxSize how many refused keys that cache holds at most
     * @param keyPepper the server secret keys are hashed with (HMAC-SHA256); every replica must have
     *     the same, and changing it makes every stored key unusable. Blank uses a built-in development
     *     pepper and logs a warning: set {@code FOREMAN_API_KEY_PEPPER} in production
     * @param lastUsedInterval how stale a key's {@code last_used_at} may get before a request writes it
     *     again; bounds that write to one per key per interval per replica
     */
    public record Auth(
            @DefaultValue("5s") @NotNull Duration cacheTtl,
            @DefaultValue("10000") @Min(1) int cacheMaxSize,
            @DefaultValue("2s") @NotNull Duration negativeCacheTtl,
            @DefaultValue("100000") @Min(1) int negativeCacheMaxSize,
            String keyPepper,
            @DefaultValue("1m") @NotNull Duration lastUsedInterval) {

        /** Used when no pepper is set, so development and tests need no setting. Not a secret. */
        public static final String DEVELOPMENT_PEPPER = "foreman-development-pepper-set-FOREMAN_API_KEY_PEPPER";

        @AssertTrue(message = "cache-ttl and negative-cache-ttl must be positive and at most 1h")
        boolean isCacheTtlSane() {
            return cacheTtl.isPositive()
                    && negativeCacheTtl.isPositive()
                    && cacheTtl.compareTo(Duration.ofHours(1)) <= 0
                    && negativeCacheTtl.compareTo(Duration.ofHours(1)) <= 0;
        }

        /** Whether the operator set a pepper. */
        public boolean hasKeyPepper() {
            return keyPepper != null && !keyPepper.isBlank();
        }

        /** The pepper in effect. */
        public String effectiveKeyPepper() {
            return hasKeyPepper() ? keyPepper : DEVELOPMENT_PEPPER;
        }
    }

    /**
     * Defaults and limits for jobs.
     *
     * @param defaultQueue the queue of a job submitted without one
     * @param defaultType the type of a job submitted without one
     * @param defaultPriority the priority of a job submitted without one
     * @param defaultTimeout how long a target may take to answer when the job does not say
     * @param maxTimeout the longest timeout a job may ask for
     * @param maxScheduleAhead how far in the future {@code run_at} or {@code delay} may point
     * @param maxBatchSize the most jobs one {@code POST /v1/jobs/batch} may carry
     * @param defaultPageSize the page size of the job, dead-letter and schedule lists when {@code
     *     limit} is not given
     * @param maxPageSize the largest {@code limit} the job, dead-letter and schedule lists accept
     * @param retry the retry policy of a job that does not give one (fields it gives override)
     */
    public record Jobs(
            @DefaultValue("default") @Pattern(regexp = "^[A-Za-z0-9._-]{1,100}$")
            String defaultQueue,

            @DefaultValue("default") @NotNull String defaultType,
            @DefaultValue("normal") @NotNull Priority defaultPriority,
            @DefaultValue("30s") @NotNull Duration defaultTimeout,
            @DefaultValue("30m") @NotNull Duration maxTimeout,
            @DefaultValue("365d") @NotNull Duration maxScheduleAhead,
            @DefaultValue("1000") @Min(1) @Max(10_000) int maxBatchSize,
            @DefaultValue("50") @Min(1) int defaultPageSize,
            @DefaultValue("500") @Min(1) @Max(10_000) int maxPageSize,
            @DefaultValue @Valid Retry retry) {

        @AssertTrue(message = "default-timeout must be positive and at most max-timeout")
        boolean isDefaultTimeoutWithinMax() {
            return defaultTimeout.isPositive() && defaultTimeout.compareTo(maxTimeout) <= 0;
        }

        @AssertTrue(message = "default-page-size must be at most max-page-size")
        boolean isDefaultPageSizeWithinMax() {
            return defaultPageSize <= maxPageSize;
        }
    }

    /**
     * The default retry policy (Cloud Tasks' model, DESIGN §4).
     *
     * @param maxAttempts how many attempts a job gets in all, the first included
     * @param minBackoff the wait before the first retry
     * @param maxBackoff the longest wait between two attempts
     * @param maxDoublings how many times the wait doubles before it grows no more
     * @param maxRetryDuration how long after the first attempt retries stop; zero means no limit
     */
    public record Retry(
            @DefaultValue("8") @Min(1) @Max(1000) int maxAttempts,
            @DefaultValue("1s") @NotNull Duration minBackoff,
            @DefaultValue("1h") @NotNull Duration maxBackoff,
            @DefaultValue("16") @Min(0) @Max(32) int maxDoublings,
            @DefaultValue("24h") @NotNull Duration maxRetryDuration) {

        @AssertTrue(message = "back-offs must not be negative and min-backoff must be at most max-backoff")
        boolean isBackoffOrdered() {
            return !minBackoff.isNegative() && minBackoff.compareTo(maxBackoff) <= 0;
        }

        /** As the domain's policy; a zero {@code maxRetryDuration} becomes "no limit". */
        public RetryPolicy toPolicy() {
            return new RetryPolicy(
                    maxAttempts,
                    minBackoff,
                    maxBackoff,
                    maxDoublings,
                    maxRetryDuration.isZero() ? null : maxRetryDuration);
        }
    }

    /**
     * The outbox relay.
     *
     * @param relayEnabled whether this replica runs the relay; any number of replicas may
     * @param relayThreads how many batches this replica's relay publishes at once, each in its own
     *     transaction; a job queued while one batch waits for Kafka is taken by another thread
     * @param batchSize how many outbox rows one relay transaction locks, publishes and deletes
     * @param pollInterval how often the relay looks for rows when no NOTIFY woke it (covers lost
     *     notifications and a dropped LISTEN connection)
     * @param sendTimeout how long the relay waits for Kafka to acknowledge a batch before it rolls
     *     the batch back to retry it
     * @param maxFailureBackoff the longest pause between two failed relay attempts
     * @param topicPartitions partitions of each priority topic when the relay creates it
     * @param publishOnCommit whether a submission publishes its queued jobs to Kafka itself as soon
     *     as its transaction commits (deleting their outbox rows once Kafka acknowledged them)
     *     instead of leaving them to a relay's next batch
     * @param relayGrace how long relays leave the rows of such a submission alone; a row still
     *     there after it (its submitter crashed, or Kafka refused the record) is published by a relay
     */
    public record Outbox(
            @DefaultValue("true") boolean relayEnabled,
            @DefaultValue("1") @Min(1) @Max(16) int relayThreads,
            @DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
            @DefaultValue("500ms") @NotNull Duration pollInterval,
            @DefaultValue("30s") @NotNull Duration sendTimeout,
            @DefaultValue("10s") @NotNull Duration maxFailureBackoff,
            @DefaultValue("6") @Min(1) int topicPartitions,
            @DefaultValue("true") boolean publishOnCommit,
            @DefaultValue("10s") @NotNull Duration relayGrace) {

        @AssertTrue(message = "poll-interval, send-timeout, max-failure-backoff and relay-grace must be positive")
        boolean isTimingPositive() {
            return pollInterval.isPositive()
                    && sendTimeout.isPositive()
                    && maxFailureBackoff.isPositive()
                    && relayGrace.isPositive();
        }
    }

    /**
     * The group commit of submissions: concurrent requests' jobs are written in one transaction.
     *
     * @param groupCommitters threads that write groups, each one transaction at a time; 0 turns the
     *     group commit off, so every request writes its own transaction
     * @param groupMaxJobs the most jobs one group transaction writes; a request with this many jobs
     *     or more (a large batch) always writes its own transaction
     */
    public record Submit(
            @DefaultValue("2") @Min(0) @Max(64) int groupCommitters,
            @DefaultValue("500") @Min(1) @Max(10_000) int groupMaxJobs) {}

    /**
     * The SSRF guard at submit (DESIGN §4): a URL whose host is a literal address in a refused range
     * answers {@code 422 target_not_allowed}. Keep it equal to the worker's {@code
     * foreman.worker.targets}, which checks every address a name resolves to.
     *
     * @param allowPrivate dev mode: loopback, private, CGNAT and unique-local addresses are allowed
     *     (never link-local or the cloud metadata ranges unless listed in {@code allow})
     * @param allow CIDR ranges allowed whatever the rules say, e.g. {@code 10.20.0.0/16}
     */
    public record Targets(
            @DefaultValue("false") boolean allowPrivate,
            @DefaultValue List<String> allow) {

        @AssertTrue(message = "allow must hold CIDR ranges like 10.0.0.0/8 or fd00::/8")
        boolean isAllowParsable() {
            try {
                policy();
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /** The rules these settings make. */
        public TargetAddressPolicy policy() {
            return new TargetAddressPolicy(
                    allowPrivate, allow.stream().map(AddressRange::parse).toList());
        }
    }

    /**
     * Rate limits and quotas (DESIGN §3.1). A tenant's own value (tenants.requests_per_second,
     * max_active_jobs, max_schedules) wins over these operator-wide defaults.
     *
     * @param enabled whether the per-key rate limit and the active-jobs quota are enforced (and the
     *     RateLimit header fields sent); off, Redis is not asked at all
     * @param requestsPerSecond requests per second each API key may send (a sliding window of one
     *     second in Redis, shared by every replica)
     * @param maxActiveJobs the most non-terminal jobs (scheduled, queued, running, retrying) a tenant
     *     may have; a submit past it answers {@code 429 quota_exceeded}
     * @param maxSchedules the most cron schedules a tenant may have
     * @param minCronInterval the shortest interval a schedule's cron may fire at; the default, one
     *     second, allows every cron (6-field crons fire each second at most)
     * @param tenantCacheTtl how long a replica keeps a tenant's quotas before reading them again; a
     *     changed quota takes effect within it
     * @param redisRetryAfter after Redis failed, how long the limiter lets requests through without
     *     asking it (fail open), so a Redis outage costs requests no timeouts; how long one check may
     *     wait for Redis is {@code spring.data.redis.timeout}
     */
    public record Limits(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("100") @Min(1) int requestsPerSecond,
            @DefaultValue("100000") @Min(1) long maxActiveJobs,
            @DefaultValue("1000") @Min(0) int maxSchedules,
            @DefaultValue("1s") @NotNull Duration minCronInterval,
            @DefaultValue("10s") @NotNull Duration tenantCacheTtl,
            @DefaultValue("1s") @NotNull Duration redisRetryAfter) {

        @AssertTrue(message = "min-cron-interval must be at least 1s")
        boolean isMinCronIntervalSane() {
            return minCronInterval.compareTo(Duration.ofSeconds(1)) >= 0;
        }
    }
}
