package dev.foreman.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void reportsPercentilesInMillisecondsFromMicroseconds() {
        Histogram micros = LatencySummary.newMicrosHistogram();
        for (int i = 1; i <= 100; i++) {
            micros.recordValue(i * 1000L);
        }

        LatencySummary summary = LatencySummary.ofMicros(micros);

        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50()).isCloseTo(50.0, within(0.05));
        assertThat(summary.p90()).isCloseTo(90.0, within(0.1));
        assertThat(summary.p99()).isCloseTo(99.0, within(0.1));
        assertThat(summary.max()).isCloseTo(100.0, within(0.1));
        assertThat(summary.mean()).isCloseTo(50.5, within(0.1));
    }

    @Test
    void keepsATailValueFarBeyondTheRestInsteadOfRefusingIt() {
        Histogram micros = LatencySummary.newMicrosHistogram();
        micros.recordValue(500);
        micros.recordValue(3_600_000_000L * 5);

        assertThat(LatencySummary.ofMicros(micros).max()).isCloseTo(18_000_000.0, within(18_000.0));
    }

    @Test
    void summarisesAnEmptyHistogramAsZeroCount() {
        LatencySummary summary = LatencySummary.ofMicros(LatencySummary.newMicrosHistogram());

        assertThat(summary.count()).isZero();
        assertThat(summary.describe()).isEqualTo("no values");
    }

    @Test
    void describesItselfOnOneTableLine() {
        LatencySummary summary = new LatencySummary(80_123, 3.1, 5.25, 12.0, 140.4, 4.0);

        assertThat(summary.describe()).isEqualTo("p50 3.10  p90 5.25  p99 12.0  max 140 ms  (n=80,123)");
    }
}
