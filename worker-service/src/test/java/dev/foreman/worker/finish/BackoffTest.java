package dev.foreman.worker.finish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.job.RetryPolicy;
import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final RetryPolicy POLICY =
            new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofMinutes(1), 16, null);

    @Test
    void ceilingDoublesFromMinBackoffWithEachAttempt() {
        assertThat(Backoff.ceiling(1, POLICY)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Backoff.ceiling(2, POLICY)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.ceiling(3, POLICY)).isEqualTo(Duration.ofSeconds(4));
        assertThat(Backoff.ceiling(6, POLICY)).isEqualTo(Duration.ofSeconds(32));
    }

    @Test
    void ceilingNeverExceedsMaxBackoff() {
        assertThat(Backoff.ceiling(7, POLICY)).isEqualTo(Duration.ofMinutes(1));
        assertThat(Backoff.ceiling(1000, POLICY)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void ceilingStopsDoublingAfterMaxDoublings() {
        RetryPolicy twoDoublings = new RetryPolicy(10, Duration.ofSeconds(1), Duration.ofHours(1), 2, null);

        assertThat(Backoff.ceiling(3, twoDoublings)).isEqualTo(Duration.ofSeconds(4));
        assertThat(Backoff.ceiling(9, twoDoublings)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void ceilingDoesNotOverflowWithHugeDoublings() {
        RetryPolicy unbounded = new RetryPolicy(1000, Duration.ofDays(1), Duration.ofDays(30), 1000, null);

        assertThat(Backoff.ceiling(999, unbounded)).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void zeroMinBackoffMeansRetryAtOnce() {
        RetryPolicy immediate = new RetryPolicy(3, Duration.ZERO, Duration.ZERO, 16, null);

        assertThat(new Backoff(always(Long.MAX_VALUE)).delay(2, immediate, Duration.ZERO))
                .isZero();
    }

    @Test
    void fullJitterDrawsBetweenZeroAndTheCeilingInclusive() {
        assertThat(new Backoff(lowest()).delay(3, POLICY, Duration.ZERO)).isZero();
        assertThat(new Backoff(highest()).delay(3, POLICY, Duration.ZERO)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void retryAfterIsALowerBoundOnTheDelay() {
        assertThat(new Backoff(lowest()).delay(3, POLICY, Duration.ofSeconds(90)))
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(new Backoff(highest()).delay(3, POLICY, Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofSeconds(4));
    }

    /** Draws the smallest value allowed. */
    private static RandomGenerator lowest() {
        return always(0);
    }

    /** Draws the largest value allowed: bound - 1. */
    private static RandomGenerator highest() {
        return always(Long.MAX_VALUE);
    }

    private static RandomGenerator always(long wanted) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return wanted;
            }

            @Override
            public long nextLong(long bound) {
                return Math.min(wanted, bound - 1);
            }
        };
    }
}
