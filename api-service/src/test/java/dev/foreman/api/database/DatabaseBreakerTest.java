package dev.foreman.api.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DatabaseBreakerTest {
    private final MutableClock clock = MutableClock.at(Instant.parse("2026-12-02T12:00:00Z"));
    private final DatabaseBreaker breaker = new DatabaseBreaker(clock);

    @Test
    void opensAfterThreeFailuresInARowAndRefusesUntilItsOpenTimeHasPassed() {
        failTimes(3);

        assertThat(breaker.isOpen()).isTrue();
        assertThat(breaker.allowsAttempt()).isFalse();
        clock.advance(DatabaseBreaker.OPEN_FOR.minusMillis(1));
        assertThat(breaker.allowsAttempt()).isFalse();
    }

    @Test
    void aSuccessBetweenFailuresKeepsItClosed() {
        failTimes(2);
        breaker.succeeded();
        failTimes(2);

        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.allowsAttempt()).isTrue();
    }

    @Test
    void letsOneCallerTryOnceOpenTimeHasPassedAndClosesWhenItSucceeds() {
        failTimes(3);
        clock.advance(DatabaseBreaker.OPEN_FOR);

        assertThat(breaker.allowsAttempt()).as("the one probe").isTrue();
        assertThat(breaker.allowsAttempt()).as("anyone else while it tries").isFalse();
        breaker.succeeded();

        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.allowsAttempt()).isTrue();
    }

    @Test
    void opensAgainAtOnceWhenTheProbeFails() {
        failTimes(3);
        clock.advance(DatabaseBreaker.OPEN_FOR);
        assertThat(breaker.allowsAttempt()).isTrue();

        breaker.failed();

        assertThat(breaker.allowsAttempt()).isFalse();
        clock.advance(Duration.ofMillis(999));
        assertThat(breaker.allowsAttempt()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(breaker.allowsAttempt()).isTrue();
    }

    private void failTimes(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.allowsAttempt()).isTrue();
            breaker.failed();
        }
    }
}
