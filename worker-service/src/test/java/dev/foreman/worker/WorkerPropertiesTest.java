package dev.foreman.worker;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class WorkerPropertiesTest {

    @Test
    void defaultsApplyWhenNothingIsConfigured() {
        WorkerProperties defaults = bind(Map.of());

        assertThat(defaults)
                .isEqualTo(new WorkerProperties(
                        "foreman-workers",
                        1024,
                        512,
                        Duration.ofMillis(100),
                        10,
                        16,
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(20),
                        new WorkerProperties.Callbacks(
                                Duration.ofMillis(250),
                                32,
                                64,
                                Duration.ofSeconds(10),
                                10,
                                Duration.ofSeconds(1),
                                Duration.ofHours(1)),
                        new WorkerProperties.Targets(false, List.of())));
    }

    @Test
    void bindsKebabCaseNamesAndDurationShorthand() {
        WorkerProperties properties = bind(Map.of(
                "foreman.worker.max-in-flight", "4",
                "foreman.worker.low-priority-share", "0",
                "foreman.worker.shutdown-grace", "2m",
                "foreman.worker.heartbeat-interval", "500ms",
                "foreman.worker.callbacks.max-deliveries", "3",
                "foreman.worker.callbacks.min-backoff", "100ms"));

        assertThat(properties.maxInFlight()).isEqualTo(4);
        assertThat(properties.lowPriorityShare()).isZero();
        assertThat(properties.shutdownGrace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(properties.heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(properties.callbacks().maxDeliveries()).isEqualTo(3);
        assertThat(properties.callbacks().minBackoff()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void defaultsAreValid() {
        assertThat(validator().validate(bind(Map.of()))).isEmpty();
    }

    @Test
    void refusesAHeartbeatThatIsNotShorterThanTheLeaseMargin() {
        WorkerProperties properties = bind(Map.of(
                "foreman.worker.lease-margin", "5s",
                "foreman.worker.heartbeat-interval", "5s"));

        assertThat(validator().validate(properties))
                .singleElement()
                .satisfies(violation -> assertThat(violation.getMessage())
                        .isEqualTo("heartbeat-interval must be positive and shorter than lease-margin"));
    }

    private static Validator validator() {
        return Validation.buildDefaultValidatorFactory().getValidator();
    }

    private static WorkerProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("foreman.worker", WorkerProperties.class);
    }
}
