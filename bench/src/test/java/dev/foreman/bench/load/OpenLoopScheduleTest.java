package dev.foreman.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    @Test
    void spacesRequestsEvenlyAtTheOfferedRate() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(1000, Duration.ofSeconds(30));

        assertThat(schedule.count()).isEqualTo(30_000);
        assertThat(schedule.intendedOffsetNanos(0)).isZero();
        assertThat(schedule.intendedOffsetNanos(1)).isEqualTo(1_000_000);
        assertThat(schedule.intendedOffsetNanos(29_999)).isEqualTo(29_999_000_000L);
    }

    @Test
    void roundsIntendedTimesOfRatesThatDoNotDivideASecond() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(3, Duration.ofSeconds(1));

        assertThat(schedule.count()).isEqualTo(3);
        assertThat(schedule.intendedOffsetNanos(1)).isEqualTo(333_333_333);
        assertThat(schedule.intendedOffsetNanos(2)).isEqualTo(666_666_667);
    }

    @Test
    void includesEveryIntendedTimeBeforeTheEndButNotTheEndItself() {
        assertThat(new OpenLoopSchedule(2, Duration.ofMillis(1100)).count()).isEqualTo(3);
        assertThat(new OpenLoopSchedule(2, Duration.ofSeconds(1)).count()).isEqualTo(2);
    }

    @Test
    void neverDriftsOverALongRun() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(7, Duration.ofHours(1));

        long last = schedule.count() - 1;
        assertThat(schedule.intendedOffsetNanos(last)).isEqualTo(Math.round(last * 1e9 / 7));
        assertThat(schedule.intendedOffsetNanos(last))
                .isLessThan(Duration.ofHours(1).toNanos());
    }

    @Test
    void refusesRequestsOutsideTheSchedule() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(10, Duration.ofSeconds(1));

        assertThatThrownBy(() -> schedule.intendedOffsetNanos(10)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> schedule.intendedOffsetNanos(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void refusesRatesAndDurationsThatOfferNothing() {
        assertThatThrownBy(() -> new OpenLoopSchedule(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpenLoopSchedule(Double.NaN, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpenLoopSchedule(10, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
