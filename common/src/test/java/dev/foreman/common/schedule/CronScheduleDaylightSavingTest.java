package dev.foreman.common.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fire times across daylight-saving changes, in UTC instants so the offsets are plain to see. */
class CronScheduleDaylightSavingTest {

    @Test
    void firesADailyNewYorkJobOnceOnTheNightClocksFallBack() {
        // 01:30 happens twice on 2026-11-01: at 05:30Z (EDT) and at 06:30Z (EST).
        assertThat(fireTimes("30 1 * * *", "America/New_York", "2026-10-31T12:00", 2))
                .containsExactly(Instant.parse("2026-11-01T05:30:00Z"), Instant.parse("2026-11-02T06:30:00Z"));
    }

    @Test
    void firesADailyBerlinJobOnceOnTheNightClocksFallBack() {
        // 02:30 happens twice on 2026-10-25: at 00:30Z (CEST) and at 01:30Z (CET).
        assertThat(fireTimes("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00", 2))
                .containsExactly(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void keepsAnEveryThirtyMinutesRhythmThroughTheRepeatedHour() {
        assertThat(fireTimes("*/30 * * * *", "Europe/Berlin", "2026-10-25T01:45", 5))
                .containsExactly(
                        Instant.parse("2026-10-25T00:00:00Z"),
                        Instant.parse("2026-10-25T00:30:00Z"),
                        Instant.parse("2026-10-25T01:00:00Z"),
                        Instant.parse("2026-10-25T01:30:00Z"),
                        Instant.parse("2026-10-25T02:00:00Z"));
    }

    @Test
    void skipsADailyJobWhoseTimeFallsInTheSpringForwardGapAsSpringDoes() {
        // 02:30 does not exist in Berlin on 2026-03-29 (02:00 CET jumps to 03:00 CEST).
        assertThat(fireTimes("30 2 * * *", "Europe/Berlin", "2026-03-28T12:00", 2))
                .containsExactly(Instant.parse("2026-03-30T00:30:00Z"), Instant.parse("2026-03-31T00:30:00Z"));
    }

    @Test
    void movesAStoredSecondOccurrenceOfAFixedTimeOnToTheNextDay() {
        CronSchedule times = CronSchedule.parse("30 1 * * *", "America/New_York");

        assertThat(times.firstFrom(Instant.parse("2026-11-01T06:30:00Z")))
                .isEqualTo(Instant.parse("2026-11-02T06:30:00Z"));
        assertThat(times.firstFrom(Instant.parse("2026-11-01T05:30:00Z")))
                .isEqualTo(Instant.parse("2026-11-01T05:30:00Z"));
    }

    @Test
    void treatsASchedulePinnedToAnHourAndMinuteAsAFixedTimeOfDayAndAnyStarAsARhythm() {
        assertThat(CronSchedule.firesAtFixedTimeOfDay("30 1 * * *")).isTrue();
        assertThat(CronSchedule.firesAtFixedTimeOfDay("0 30 1 * * *")).isTrue();
        assertThat(CronSchedule.firesAtFixedTimeOfDay("0,30 1-3 * * 1-5")).isTrue();
        assertThat(CronSchedule.firesAtFixedTimeOfDay("@daily")).isTrue();
        assertThat(CronSchedule.firesAtFixedTimeOfDay("@hourly")).isFalse();
        assertThat(CronSchedule.firesAtFixedTimeOfDay("*/30 * * * *")).isFalse();
        assertThat(CronSchedule.firesAtFixedTimeOfDay("0 */2 * * *")).isFalse();
        assertThat(CronSchedule.firesAtFixedTimeOfDay("* 1 * * *")).isFalse();
    }

    private static List<Instant> fireTimes(String cron, String zone, String fromLocal, int count) {
        CronSchedule times = CronSchedule.parse(cron, zone);
        Instant cursor = LocalDateTime.parse(fromLocal).atZone(ZoneId.of(zone)).toInstant();
        List<Instant> fires = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            cursor = times.nextAfter(cursor);
            fires.add(cursor);
        }
        return fires;
    }
}
