package dev.foreman.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class QueueViewTest {
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void readsALimitThatIsNullAsNoLimit() {
        QueueView queue = QueueView.of(json.readTree("{\"name\":\"q\",\"paused\":true,\"max_concurrency\":null,"
                + "\"rate_limit\":null,\"counts\":{\"queued\":5},\"oldest_queued_age_ms\":null}"));

        assertThat(queue.paused()).isTrue();
        assertThat(queue.maxConcurrency()).isNull();
        assertThat(queue.ratePerSecond()).isNull();
        assertThat(queue.rateBurst()).isNull();
        assertThat(queue.count("queued")).isEqualTo(5);
        assertThat(queue.describeLimits()).isEqualTo("no max_concurrency, no rate_limit");
    }
}
