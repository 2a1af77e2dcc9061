package dev.foreman.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foreman.common.job.Priority;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

class ApiPropertiesTest {
    private static ValidatorFactory validation;

    @BeforeAll
    static void startValidation() {
        validation = Validation.buildDefaultValidatorFactory();
    }

    @AfterAll
    static void closeValidation() {
        validation.close();
    }

    @Test
    void defaultsAreCloudTasksLikeAndDocumented() {
        ApiProperties properties = bind(Map.of());

        assertThat(properties.bootstrapApiKey()).isNull();
        assertThat(properties.hasBootstrapApiKey()).isFalse();
        assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(properties.maxConcurrentRequests()).isEqualTo(256);
        assertThat(properties.maxTenantShare()).isEqualTo(0.5);
        assertThat(properties.maxQueueWait()).isEqualTo(Duration.ofMillis(100));

        assertThat(properties.auth().cacheTtl()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.auth().cacheMaxSize()).isEqualTo(10_000);
        assertThat(properties.auth().negativeCacheTtl()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.auth().negativeCacheMaxSize()).isEqualTo(100_000);
        assertThat(properties.auth().hasKeyPepper()).isFalse();
        assertThat(properties.auth().effectiveKeyPepper()).isEqualTo(ApiProperties.Auth.DEVELOPMENT_PEPPER);
        assertThat(properties.auth().lastUsedInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(properties.signingSecretOverlap()).isEqualTo(Duration.ofHours(24));

        assertThat(properties.targets()).isEqualTo(new ApiProperties.Targets(false, java.util.List.of()));
        assertThat(properties.limits())
                .isEqualTo(new ApiProperties.Limits(
                        true,
                        100,
                        100_000,
                        1000,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(1)));

        ApiProperties.Jobs jobs = properties.jobs();
        assertThat(jobs.defaultQueue()).isEqualTo("default");
        assertThat(jobs.defaultType()).isEqualTo("default");
        assertThat(jobs.defaultPriority()).isEqualTo(Priority.NORMAL);
        assertThat(jobs.defaultTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(jobs.maxTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(jobs.maxScheduleAhead()).isEqualTo(Duration.ofDays(365));
        assertThat(jobs.maxBatchSize()).isEqualTo(1000);
        assertThat(jobs.defaultPageSize()).isEqualTo(50);
        assertThat(jobs.maxPageSize()).isEqualTo(500);

        ApiProperties.Retry retry = jobs.retry();
        assertThat(retry.maxAttempts()).isEqualTo(8);
        assertThat(retry.minBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.maxBackoff()).isEqualTo(Duration.ofHours(1));
        assertThat(retry.maxDoublings()).isEqualTo(16);
        assertThat(retry.maxRetryDuration()).isEqualTo(Duration.ofHours(24));

        ApiProperties.Outbox outbox = properties.outbox();
        assertThat(outbox.relayEnabled()).isTrue();
        assertThat(outbox.batchSize()).isEqualTo(500);
        assertThat(outbox.relayThreads()).isEqualTo(1);
        assertThat(outbox.pollInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(outbox.sendTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(outbox.maxFailureBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(outbox.topicPartitions()).isEqualTo(6);
        assertThat(outbox.publishOnCommit()).isTrue();
        assertThat(outbox.relayGrace()).isEqualTo(Duration.ofSeconds(10));

        ApiProperties.Submit submit = properties.submit();
        assertThat(submit.groupCommitters()).isEqualTo(2);
        assertThat(submit.groupMaxJobs()).isEqualTo(500);
    }

    @Test
    void bindsOverridesInRelaxedForm() {
        ApiProperties properties = bind(Map.of(
                "foreman.api.bootstrap-api-key", "fm_bootstrap_key_for_tests",
                "foreman.api.max-body-size", "2MB",
                "foreman.api.jobs.default-priority", "high",
                "foreman.api.jobs.retry.max-attempts", "3",
                "foreman.api.outbox.poll-interval", "250ms"));

        assertThat(properties.hasBootstrapApiKey()).isTrue();
        assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofMegabytes(2));
        assertThat(properties.jobs().defaultPriority()).isEqualTo(Priority.HIGH);
        assertThat(properties.jobs().retry().maxAttempts()).isEqualTo(3);
        assertThat(properties.outbox().pollInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void zeroMaxRetryDurationMeansNoLimitInThePolicy() {
        ApiProperties properties = bind(Map.of("foreman.api.jobs.retry.max-retry-duration", "0s"));

        assertThat(properties.jobs().retry().toPolicy().maxRetryDuration()).isNull();
    }

    @Test
    void rejectsMinBackoffAboveMaxBackoff() {
        assertThatThrownBy(() -> bind(
                        Map.of("foreman.api.jobs.retry.min-backoff", "2h", "foreman.api.jobs.retry.max-backoff", "1h")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("min-backoff must be at most max-backoff");
    }

    @Test
    void rejectsDefaultTimeoutAboveMaxTimeout() {
        assertThatThrownBy(() -> bind(Map.of("foreman.api.jobs.default-timeout", "1h")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("default-timeout must be positive and at most max-timeout");
    }

    @Test
    void rejectsAnEmptyRelayBatch() {
        assertThatThrownBy(() -> bind(Map.of("foreman.api.outbox.batch-size", "0")))
                .isInstanceOf(BindException.class);
    }

    private static ApiProperties bind(Map<String, String> values) {
        Binder binder = new Binder(new MapConfigurationPropertySource(values));
        var validator = new SpringValidatorAdapter(validation.getValidator());
        return binder.bindOrCreate(
                "foreman.api", Bindable.of(ApiProperties.class), new ValidationBindHandler(validator));
    }
}
