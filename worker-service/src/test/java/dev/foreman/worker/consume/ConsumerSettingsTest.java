package dev.foreman.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class ConsumerSettingsTest {

    @Test
    void theBrokerHoldsAnEmptyFetchFiftyMillisecondsNotKafkasHalfSecond() {
        Map<String, Object> config = ConsumerSettings.of(Map.of(), "workers", "worker-1", 512);

        assertThat(config).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
    }

    @Test
    void aFetchMaxWaitSetInSpringsSettingsWins() {
        Map<String, Object> config =
                ConsumerSettings.of(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200), "workers", "worker-1", 512);

        assertThat(config).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
    }

    @Test
    void offsetsAreNeverCommittedAutomaticallyAndAPollIsBounded() {
        Map<String, Object> config =
                ConsumerSettings.of(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true), "workers", "worker-1", 128);

        assertThat(config)
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 128)
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "workers")
                .containsEntry(ConsumerConfig.CLIENT_ID_CONFIG, "worker-1");
    }

    @Test
    void dropsASilentMemberAfterSixSecondsHeartbeatingEverySecondUnlessSpringSaysOtherwise() {
        Map<String, Object> config = ConsumerSettings.of(Map.of(), "workers", "worker-1", 512);

        assertThat(config)
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000)
                .containsEntry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000);
        assertThat(ConsumerSettings.of(
                        Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10000), "workers", "worker-1", 512))
                .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10000);
    }
}
