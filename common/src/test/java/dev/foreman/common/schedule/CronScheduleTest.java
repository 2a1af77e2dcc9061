package dev.foreman.common.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    @Test
    void fiveFieldCronFiresOnTheMinuteInItsZone() {
        CronSchedule nineInBerlin = CronSchedule.parse("0 9 * * *", "Europe/Berlin");

        assertThat(nineInBerlin.nextAfter(Instant.parse("2026-01-10T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-01-10T08:00:00Z"));
        assertThat(nineInBerlin.nextAfter(Instant.parse("2026-07-10T00:00:00Z")))
                .isEqualTo(Instant.parse("2026-07-10T07:00:00Z"));
    }

    @Test
    void macrosAreUnderstood() {
        assertThat(CronSchedule.parse("@hourly", "UTC").nextTimes(Instant.parse("2026-01-01T00:30:00Z"), 2))
                .containsExactly(Instant.parse("2026-01-01T01:00:00Z"), Instant.parse("2026-01-01T02:00:00Z"));
    }

    @Test
    void nextTimesAreStrictlyAfterTheGivenInstant() {
        assertThat(CronSchedule.parse("*/5 * * * *", "UTC").nextTimes(Instant.parse("2026-01-01T00:05:00Z"), 3))
                .containsExactly(
                        Instant.parse("2026-01-01T00:10:00Z"),
                        Instant.parse("2026-01-01T00:15:00Z"),
                        Instant.parse("2026-01-01T00:20:00Z"));
    }

    @Test
    void aBadExpressionOrZoneSaysWhatIsWrong() {
        assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", "UTC"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid");
        assertThatThrownBy(() -> CronSchedule.parse("* * *", "UTC")).hasMessageContaining("has 3 fields");
        assertThatThrownBy(() -> CronSchedule.parse("@hourly", "Mars/Olympus"))
                .hasMessageContaining("not an IANA time zone");
    }
}
