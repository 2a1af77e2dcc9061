package dev.foreman.bench.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BucketsTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void takesTheUpperBoundOfTheFirstBucketThatReachesTheQuantile() {
        // 100 values: 50 at most 1 ms, 40 more at most 5 ms, 9 more at most 20 ms, 1 more beyond.
        Buckets buckets = Buckets.of(Map.of(0.001, 50.0, 0.005, 90.0, 0.02, 99.0, 0.1, 99.0, INF, 100.0));

        assertThat(buckets.count()).isEqualTo(100);
        assertThat(buckets.upperBound(0.50)).isEqualTo(0.001);
        assertThat(buckets.upperBound(0.90)).isEqualTo(0.005);
        assertThat(buckets.upperBound(0.99)).isEqualTo(0.02);
        assertThat(buckets.upperBound(1.0)).isEqualTo(INF);
    }

    @Test
    void countsOnlyWhatWasRecordedBetweenTwoScrapes() {
        Buckets before = Buckets.of(Map.of(0.001, 1000.0, 0.005, 1000.0, 0.02, 1000.0, INF, 1000.0));
        Buckets after = Buckets.of(Map.of(0.001, 1000.0, 0.005, 1004.0, 0.02, 1010.0, INF, 1010.0));

        Buckets recorded = after.minus(before);

        assertThat(recorded.count()).isEqualTo(10);
        // Without the difference the thousand earlier values would put every percentile at 1 ms.
        assertThat(recorded.upperBound(0.50)).isEqualTo(0.02);
        assertThat(recorded.upperBound(0.10)).isEqualTo(0.005);
        assertThat(recorded.wentBackwards()).isFalse();
    }

    @Test
    void placesTheMedianOfAnOddCountInTheBucketHoldingTheMiddleValue() {
        // Three values: one at most 1 ms, two at most 2 ms; the second value is the median.
        Buckets buckets = Buckets.of(Map.of(0.001, 1.0, 0.002, 3.0, INF, 3.0));

        assertThat(buckets.upperBound(0.50)).isEqualTo(0.002);
    }

    @Test
    void answersInfinityWhenOnlyTheInfBucketReachesTheQuantile() {
        Buckets buckets = Buckets.of(Map.of(0.001, 0.0, 30.0, 0.0, INF, 2.0));

        assertThat(buckets.upperBound(0.50)).isEqualTo(INF);
    }

    @Test
    void sumsTheSameSeriesOfTwoServicesBucketByBucket() {
        Buckets one = Buckets.of(Map.of(0.001, 1.0, 0.005, 2.0, INF, 2.0));
        Buckets other = Buckets.of(Map.of(0.001, 0.0, 0.005, 3.0, INF, 4.0));

        Buckets sum = one.plus(other);

        assertThat(sum.count()).isEqualTo(6);
        assertThat(sum.upperBound(0.5)).isEqualTo(0.005);
        assertThat(sum.upperBound(0.9)).isEqualTo(INF);
    }

    @Test
    void readsAMissingBoundAsTheNextLowerBoundsCumulativeCount() {
        Buckets coarse = Buckets.of(Map.of(0.001, 2.0, INF, 4.0));
        Buckets fine = Buckets.of(Map.of(0.001, 1.0, 0.005, 1.0, INF, 1.0));

        Buckets sum = coarse.plus(fine);

        // At 5 ms the coarse series still holds its 2 values of at most 1 ms.
        assertThat(sum.upperBound(0.5)).isEqualTo(0.001);
        assertThat(sum.upperBound(0.7)).isEqualTo(INF);
        assertThat(sum.count()).isEqualTo(5);
    }

    @Test
    void saysWhenASeriesWentBackwardsBecauseItsServiceRestarted() {
        Buckets before = Buckets.of(Map.of(0.001, 500.0, INF, 800.0));
        Buckets afterRestart = Buckets.of(Map.of(0.001, 3.0, INF, 5.0));

        assertThat(afterRestart.minus(before).wentBackwards()).isTrue();
    }

    @Test
    void holdsNothingWhenNothingWasRecorded() {
        Buckets same = Buckets.of(Map.of(0.001, 7.0, INF, 9.0));

        Buckets recorded = same.minus(same);

        assertThat(recorded.count()).isZero();
        assertThat(recorded.upperBound(0.5)).isNaN();
    }
}
