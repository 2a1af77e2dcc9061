package dev.foreman.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
                        256,
                        128,
                        Duration.ofMillis(100),
                        10,
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(20)));
    }

    @Test
    void bindsKebabCaseNamesAndDurationShorthand() {
        WorkerProperties properties = bind(Map.of(
                "foreman.worker.max-in-flight", "4",
                "foreman.worker.low-priority-share", "0",
                "foreman.worker.shutdown-grace", "2m"));

        assertThat(properties.maxInFlight()).isEqualTo(4);
        assertThat(properties.lowPriorityShare()).isZero();
        assertThat(properties.shutdownGrace()).isEqualTo(Duration.ofMinutes(2));
    }

    private static WorkerProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("foreman.worker", WorkerProperties.class);
    }
}
