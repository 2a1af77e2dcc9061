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
                        Duration.ofSeconds(10),
                        Duration.ofMillis(100),
                        500,
                        Duration.ofSeconds(1),
                        500,
                        Duration.ofSeconds(10),
                        Duration.ofMinutes(5),
                        500));
    }

    @Test
    void bindsKebabCaseNamesAndDurationShorthand() {
        SchedulerProperties properties = TestSchedulerProperties.bind(Map.of(
                "leader-ttl", "3s",
                "promote-interval", "1s",
                "promote-batch-size", "50",
                "reap-interval", "250ms",
                "reap-batch-size", "20",
                "lost-check-interval", "1m",
                "queued-timeout", "15m",
                "lost-batch-size", "30"));

        assertThat(properties)
                .isEqualTo(new SchedulerProperties(
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(1),
                        50,
                        Duration.ofMillis(250),
                        20,
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(15),
                        30));
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
