package dev.foreman.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChaosOptionsTest {

    @Test
    void defaultsAreTheIssuesFullSizeRun() {
        ChaosOptions options = ChaosOptions.parse();

        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.faultEvery()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.clients()).isEqualTo(500);
        assertThat(options.think()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.drain()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.schedules()).isEqualTo(3);
        assertThat(options.serviceJvmOptions()).isEmpty();
        assertThat(options.help()).isFalse();
    }

    @Test
    void readsEveryOptionWithASpaceOrAnEqualsSign() {
        ChaosOptions options = ChaosOptions.parse(
                "--duration",
                "3m",
                "--fault-every=15s",
                "--clients",
                "100",
                "--seed=42",
                "--think",
                "500ms",
                "--drain",
                "PT90S",
                "--schedules",
                "2");

        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(3));
        assertThat(options.faultEvery()).isEqualTo(Duration.ofSeconds(15));
        assertThat(options.clients()).isEqualTo(100);
        assertThat(options.seed()).isEqualTo(42);
        assertThat(options.think()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.drain()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.schedules()).isEqualTo(2);
    }

    @Test
    void serviceJvmOptionsAddUpInOrder() {
        assertThat(ChaosOptions.parse(
                                "--service-jvm-option", "-XX:TieredStopAtLevel=1", "--service-jvm-option=-Xss512k")
                        .serviceJvmOptions())
                .containsExactly("-XX:TieredStopAtLevel=1", "-Xss512k");
    }

    @Test
    void aBareNumberIsSeconds() {
        assertThat(ChaosOptions.parse("--duration", "90").duration()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void refusesUnknownOptionsMissingValuesAndNonsense() {
        assertThatThrownBy(() -> ChaosOptions.parse("--fast")).hasMessageContaining("unknown option --fast");
        assertThatThrownBy(() -> ChaosOptions.parse("--clients")).hasMessageContaining("--clients needs a value");
        assertThatThrownBy(() -> ChaosOptions.parse("--clients", "0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> ChaosOptions.parse("--duration", "soon")).hasMessageContaining("a duration");
    }

    @Test
    void helpWinsOverEverythingElse() {
        assertThat(ChaosOptions.parse("--clients", "3", "--help").help()).isTrue();
    }
}
