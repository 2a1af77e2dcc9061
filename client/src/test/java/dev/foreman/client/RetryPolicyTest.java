package dev.foreman.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy =
            new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60));

    @RepeatedTest(20)
    void theWaitIsAtMostTheDoubledBackoffCappedAtTheMaximum() {
        assertThat(policy.backoff(2, null)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(policy.backoff(4, null)).isBetween(Duration.ZERO, Duration.ofMillis(400));
        assertThat(policy.backoff(30, null)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
    }

    @Test
    void aRetryAfterLongerThanTheBackoffIsHonoured() {
        assertThat(policy.backoff(2, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    }
}
