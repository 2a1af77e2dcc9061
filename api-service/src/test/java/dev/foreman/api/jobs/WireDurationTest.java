package dev.foreman.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WireDurationTest {

    @ParameterizedTest(name = "{0} is {1} ms")
    @CsvSource({
        "PT30S, 30000",
        "PT10M, 600000",
        "PT1H30M, 5400000",
        "P1D, 86400000",
        "pt0.5s, 500",
        "500ms, 500",
        "30s, 30000",
        "5m, 300000",
        "2h, 7200000",
        "1d, 86400000",
        "1h30m, 5400000",
        "0s, 0"
    })
    void readsIsoAndUnitDurations(String text, long millis) {
        assertThat(WireDuration.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "s", "30 s", "30S", "1w", "-5s", "5.5s", "soon", "P", "PT", "1h 30m", "30s5"})
    void rejectsTextThatIsNotADuration(String text) {
        assertThatThrownBy(() -> WireDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ISO-8601");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-PT5S", "PT-5S"})
    void rejectsNegativeDurations(String text) {
        assertThatThrownBy(() -> WireDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must not be negative");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3651d", "P3651D", "PT9999999999H", "999999999d"})
    void rejectsDurationsLongerThanTenYears(String text) {
        assertThatThrownBy(() -> WireDuration.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("must be at most 3650 days");
    }
}
