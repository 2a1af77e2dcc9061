package dev.foreman.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class TracingPropertiesTest {

    @Test
    void tracingIsOffAndExportsNothingUnlessConfigured() {
        TracingProperties defaults = bind(Map.of());

        assertThat(defaults)
                .isEqualTo(new TracingProperties(
                        false, 0.1, new TracingProperties.Otlp(null, Duration.ofSeconds(10), Map.of())));
        assertThat(defaults.otlp().exports()).isFalse();
    }

    @Test
    void bindsTheExportSettings() {
        TracingProperties properties = bind(Map.of(
                "foreman.tracing.enabled", "true",
                "foreman.tracing.sampling-probability", "0.5",
                "foreman.tracing.otlp.endpoint", "http://collector:4318/v1/traces",
                "foreman.tracing.otlp.timeout", "2s",
                "foreman.tracing.otlp.headers.api-key", "secret"));

        assertThat(properties.enabled()).isTrue();
        assertThat(properties.samplingProbability()).isEqualTo(0.5);
        assertThat(properties.otlp().exports()).isTrue();
        assertThat(properties.otlp().timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(properties.otlp().headers()).containsEntry("api-key", "secret");
    }

    private static TracingProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("foreman.tracing", TracingProperties.class);
    }
}
