package dev.foreman.worker.flow;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class FlowPropertiesTest {

    @Test
    void defaultsApplyWhenNothingIsConfigured() {
        assertThat(bind(Map.of()))
                .isEqualTo(new FlowProperties(
                        0.5,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500)));
    }

    @Test
    void defaultsAreValid() {
        assertThat(validator().validate(bind(Map.of()))).isEmpty();
    }

    @Test
    void refusesATenantShareAboveTheWholeFleet() {
        assertThat(validator().validate(bind(Map.of("foreman.worker.flow.tenant-share", "1.5"))))
                .singleElement()
                .satisfies(v -> assertThat(v.getPropertyPath().toString()).isEqualTo("tenantShare"));
    }

    @Test
    void aRateWithoutABurstStartsASecondsWorthAtOnce() {
        assertThat(AdmissionGate.defaultBurst(20)).isEqualTo(20);
        assertThat(AdmissionGate.defaultBurst(0.5)).isEqualTo(1);
        assertThat(AdmissionGate.defaultBurst(2.5)).isEqualTo(3);
    }

    private static Validator validator() {
        return Validation.buildDefaultValidatorFactory().getValidator();
    }

    private static FlowProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("foreman.worker.flow", FlowProperties.class);
    }
}
