package dev.foreman.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void shortAndIsoFormsAreRead() {
        assertThat(Durations.parse("30s", "--delay")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m", "--delay")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("2h", "--delay")).isEqualTo(Duration.ofHours(2));
        assertThat(Durations.parse("PT10M", "--delay")).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void anythingElseIsAUsageErrorNamingTheOption() {
        assertThatThrownBy(() -> Durations.parse("soon", "--delay"))
                .isInstanceOf(UsageError.class)
                .hasMessageContaining("--delay");
    }
}
