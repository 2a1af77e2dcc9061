package dev.foreman.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

class SchedulerPropertiesTest {

    @Test
    void defaultsApplyWhenNothingIsConfigured() {
        assertThat(TestSchedulerProperties.bind(Map.of()))
                .isEqualTo(new SchedulerProperties(
                        Duration.ofSeconds(5),
                        Duration.ofMillis(100),
                        Duration.ofMillis(500),
                        500,
                        Duration.ofSeconds(1),
                        500,
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(5),
                        500,
                        "foreman-workers",
                        Duration.ofMillis(500),
                        100,
                        Duration.ofMinutes(1),
                        100,
                        Duration.ofMinutes(1),
                        500,
                        new SchedulerProperties.Retention(
                                Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(30), Duration.ofDays(30)),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(15)));
    }

    @Test
    void bindsKebabCaseNamesAndDurationShorthand() {
        SchedulerProperties properties = TestSchedulerProperties.bind(Map.ofEntries(
                Map.entry("leader-ttl", "3s"),
                Map.entry("promote-interval", "1s"),
                Map.entry("promote-lookahead", "2s"),
                Map.entry("promote-batch-size", "50"),
                Map.entry("reap-interval", "250ms"),
                Map.entry("reap-batch-size", "20"),
                Map.entry("lost-check-interval", "1m"),
                Map.entry("queued-timeout", "15m"),
                Map.entry("lost-batch-size", "30"),
                Map.entry("worker-consumer-group", "workers-eu"),
                Map.entry("cron-interval", "1s"),
                Map.entry("cron-batch-size", "10"),
                Map.entry("misfire-threshold", "5m"),
                Map.entry("max-catch-up", "24"),
                Map.entry("retention-interval", "10m"),
                Map.entry("retention-batch-size", "50"),
                Map.entry("retention.succeeded", "1d"),
                Map.entry("retention.dead", "14d"),
                Map.entry("retention.cancelled", "2d"),
                Map.entry("retention.fires", "90d"),
                Map.entry("quota-reconcile-interval", "2s"),
                Map.entry("gauge-interval", "30s")));

        assertThat(properties)
                .isEqualTo(new SchedulerProperties(
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        50,
                        Duration.ofMillis(250),
                        20,
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(15),
                        30,
                        "workers-eu",
                        Duration.ofSeconds(1),
                        10,
                        Duration.ofMinutes(5),
                        24,
                        Duration.ofMinutes(10),
                        50,
                        new SchedulerProperties.Retention(
                                Duration.ofDays(1), Duration.ofDays(14), Duration.ofDays(2), Duration.ofDays(90)),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(30)));
    }

    @Test
    void theShippedConfigurationFileStatesTheDefaults() throws IOException {
        List<PropertySource<?>> yaml = new YamlPropertySourceLoader()
                .load("scheduler-service.yml", new ClassPathResource("scheduler-service.yml"));

        SchedulerProperties shipped = new Binder(ConfigurationPropertySources.from(yaml))
                .bindOrCreate("foreman.scheduler", SchedulerProperties.class);

        assertThat(shipped).isEqualTo(TestSchedulerProperties.bind(Map.of()));
    }

    @Test
    void rejectsARetentionShorterThanAnHourWhichWouldDeleteJobsPeopleStillLookAt() {
        SchedulerProperties properties = TestSchedulerProperties.defaultsWith("retention.succeeded", "10m");

        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            assertThat(validation.getValidator().validate(properties))
                    .extracting(ConstraintViolation::getPropertyPath)
                    .map(Object::toString)
                    .containsExactly("retention.succeeded");
        }
    }

    @Test
    void rejectsAnIntervalOfZeroWhichCouldNotBeScheduled() {
        SchedulerProperties properties = TestSchedulerProperties.defaultsWith("reap-interval", "0s");

        try (ValidatorFactory validation = Validation.buildDefaultValidatorFactory()) {
            assertThat(validation.getValidator().validate(properties))
                    .extracting(ConstraintViolation::getPropertyPath)
                    .map(Object::toString)
                    .containsExactly("reapInterval");
        }
    }
}
