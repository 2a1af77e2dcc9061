package dev.foreman.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SchedulerPropertiesTest {

    @Test
    void defaultsApplyWhenNothingIsConfigured() {
        assertThat(bind(Map.of()))
                .isEqualTo(new SchedulerProperties(Duration.ofSeconds(10), Duration.ofMillis(100), 500));
    }

    @Test
    void bindsKebabCaseNamesAndDurationShorthand() {
        SchedulerProperties properties = bind(Map.of(
                "foreman.scheduler.leader-ttl", "3s",
                "foreman.scheduler.promote-interval", "1s",
                "foreman.scheduler.promote-batch-size", "50"));

        assertThat(properties).isEqualTo(new SchedulerProperties(Duration.ofSeconds(3), Duration.ofSeconds(1), 50));
    }

    private static SchedulerProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("foreman.scheduler", SchedulerProperties.class);
    }
}
