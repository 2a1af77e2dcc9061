package dev.foreman.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StartRateTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void measuresTheRateFromTheFirstStartAfterTheBurstToTheLast() {
        // A burst of 10 at once, then one every 20 ms (50/s), given out of order.
        long[] starts = new long[110];
        for (int i = 0; i < 10; i++) {
            starts[i] = 5 * MS;
        }
        for (int i = 10; i < 110; i++) {
            starts[i] = 5 * MS + (i - 9) * 20 * MS;
        }
        long[] shuffled = new long[starts.length];
        for (int i = 0; i < starts.length; i++) {
            shuffled[i] = starts[(i * 37) % starts.length];
        }

        StartRate rate = StartRate.of(shuffled, 10);

        assertThat(rate.starts()).isEqualTo(110);
        assertThat(rate.perSecondAfterBurst()).isCloseTo(50.0, within(0.001));
        assertThat(rate.mostInAnySecondAfterBurst()).isEqualTo(50);
        assertThat(rate.intervalsMicros().getTotalCount()).isEqualTo(99);
        // Three significant digits: 20 ms is stored within its bucket of 16 µs.
        assertThat(rate.intervalsMicros().getValueAtPercentile(50)).isBetween(19_980L, 20_020L);
    }

    @Test
    void countsABunchedSecondAsMoreStartsThanTheRateAllows() {
        long[] starts = new long[40];
        for (int i = 0; i < 20; i++) {
            starts[i] = i * 100 * MS;
        }
        // Twenty more within one tenth of a second: a bucket that was not kept.
        for (int i = 20; i < 40; i++) {
            starts[i] = 2_000 * MS + (i - 20) * 5 * MS;
        }

        StartRate rate = StartRate.of(starts, 0);

        assertThat(rate.mostInAnySecondAfterBurst()).isEqualTo(29);
    }

    @Test
    void hasNoRateWhenFewerThanTwoStartsFollowTheBurst() {
        StartRate rate = StartRate.of(new long[] {1, 2, 3}, 2);

        assertThat(rate.perSecondAfterBurst()).isNaN();
        assertThat(rate.intervalsMicros().getTotalCount()).isZero();
    }
}
