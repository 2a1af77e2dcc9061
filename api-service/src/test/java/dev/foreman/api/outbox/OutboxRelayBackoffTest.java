package dev.foreman.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.api.ApiPropertiesFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxRelayBackoffTest {
    private final OutboxRelay relay = new OutboxRelay(
            null,
            null,
            null,
            null,
            ApiPropertiesFixtures.with(Map.of(
                            "foreman.api.outbox.poll-interval", "500ms",
                            "foreman.api.outbox.max-failure-backoff", "10s"))
                    .outbox(),
            Clock.systemUTC(),
            new SimpleMeterRegistry());

    @Test
    void pausesOnePollIntervalAfterTheFirstFailure() {
        assertThat(relay.failurePause(1)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void doublesThePauseWithEveryFurtherFailure() {
        assertThat(relay.failurePause(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(relay.failurePause(4)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void neverPausesLongerThanTheMaximum() {
        assertThat(relay.failurePause(6)).isEqualTo(Duration.ofSeconds(10));
        assertThat(relay.failurePause(1_000)).isEqualTo(Duration.ofSeconds(10));
    }
}
