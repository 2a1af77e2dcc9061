package dev.foreman.testkit.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {
    private static final Instant T = Instant.parse("2025-03-30T00:59:59Z");

    @Test
    void aClockAtAnInstantStandsStillUntilMoved() {
        MutableClock clock = MutableClock.at(T);

        assertThat(clock.instant()).isEqualTo(T);
        clock.advance(Duration.ofSeconds(2));
        assertThat(clock.instant()).isEqualTo(T.plusSeconds(2));
        clock.set(T.minusSeconds(60));
        assertThat(clock.instant()).isEqualTo(T.minusSeconds(60));
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void aTickingClockRunsWithRealTimePlusWhatTheTestAdded() {
        MutableClock clock = MutableClock.ticking();
        Instant before = Instant.now();

        clock.advance(Duration.ofHours(1));

        assertThat(clock.instant())
                .isBetween(before.plus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1)));
    }
}
