package dev.foreman.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpDispatcherTest {

    @Test
    void describesTimeoutsInWholeSecondsWhenTheyAre() {
        assertThat(HttpDispatcher.describe(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(HttpDispatcher.describe(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }
}
