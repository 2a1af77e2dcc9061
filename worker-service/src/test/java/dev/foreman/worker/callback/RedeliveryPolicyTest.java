package dev.foreman.worker.callback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.callback.CallbackState;
import dev.foreman.worker.WorkerProperties;
import dev.foreman.worker.callback.DeliveryResult.Kind;
import dev.foreman.worker.callback.RedeliveryPolicy.Verdict;
import dev.foreman.worker.finish.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedeliveryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final WorkerProperties.Callbacks SETTINGS = new WorkerProperties.Callbacks(
            Duration.ofMillis(250), 32, 64, Duration.ofSeconds(10), 4, Duration.ofSeconds(1), Duration.ofSeconds(5));

    private final RedeliveryPolicy policy = new RedeliveryPolicy(topOfJitter(), SETTINGS);

    @ParameterizedTest
    @ValueSource(ints = {200, 202, 204, 299})
    void any2xxDelivers(int status) {
        assertThat(policy.decide(1, answered(status), NOW)).isEqualTo(new Verdict(CallbackState.DELIVERED, NOW));
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 400, 404, 429, 500, 503})
    void anyOtherAnswerIsTriedAgainAfterTheBackoff(int status) {
        assertThat(policy.decide(1, answered(status), NOW))
                .isEqualTo(new Verdict(CallbackState.PENDING, NOW.plusSeconds(1)));
    }

    @Test
    void theBackoffDoublesWithEachDeliveryUpToMaxBackoff() {
        assertThat(policy.decide(2, noAnswer(), NOW).nextAttemptAt()).isEqualTo(NOW.plusSeconds(2));
        assertThat(policy.decide(3, noAnswer(), NOW).nextAttemptAt()).isEqualTo(NOW.plusSeconds(4));
        WorkerProperties.Callbacks manyDeliveries = new WorkerProperties.Callbacks(
                Duration.ofMillis(250),
                32,
                64,
                Duration.ofSeconds(10),
                50,
                Duration.ofSeconds(1),
                Duration.ofSeconds(5));

        assertThat(new RedeliveryPolicy(topOfJitter(), manyDeliveries)
                        .decide(40, noAnswer(), NOW)
                        .nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void givesUpAsFailedWhenTheLastDeliveryFails() {
        assertThat(policy.decide(4, answered(500), NOW)).isEqualTo(new Verdict(CallbackState.FAILED, NOW));
        assertThat(policy.decide(4, noAnswer(), NOW)).isEqualTo(new Verdict(CallbackState.FAILED, NOW));
    }

    @Test
    void theLastDeliveryMaySucceed() {
        assertThat(policy.decide(4, answered(200), NOW).state()).isEqualTo(CallbackState.DELIVERED);
    }

    @Test
    void anInvalidUrlFailsAtOnce() {
        DeliveryResult invalid = new DeliveryResult(Kind.INVALID_URL, null, "invalid callback url", NOW, Duration.ZERO);

        assertThat(policy.decide(1, invalid, NOW)).isEqualTo(new Verdict(CallbackState.FAILED, NOW));
    }

    @Test
    void aDeliveryCutOffByShutdownIsDueAgainAtOnce() {
        DeliveryResult aborted = new DeliveryResult(
                Kind.ABORTED, null, "the worker stopped during the delivery", NOW, Duration.ofSeconds(3));

        assertThat(policy.decide(2, aborted, NOW)).isEqualTo(new Verdict(CallbackState.PENDING, NOW));
    }

    /** Draws the top of the jitter range, so the expected waits are the ceilings. */
    private static Backoff topOfJitter() {
        return new Backoff(new RandomGenerator() {
            @Override
            public long nextLong() {
                return Long.MAX_VALUE;
            }

            @Override
            public long nextLong(long bound) {
                return bound - 1;
            }
        });
    }

    private static DeliveryResult answered(int status) {
        return new DeliveryResult(Kind.ANSWERED, status, null, NOW, Duration.ofMillis(5));
    }

    private static DeliveryResult noAnswer() {
        return new DeliveryResult(Kind.NO_ANSWER, null, "timed out after 10s", NOW, Duration.ofSeconds(10));
    }
}
