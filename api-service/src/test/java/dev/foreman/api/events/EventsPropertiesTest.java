package dev.foreman.api.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class EventsPropertiesTest {

    @Test
    void defaultsKeepTenMinutesForResumeAndBeatEveryFifteenSeconds() {
        EventsProperties events = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("foreman.api.events", Bindable.of(EventsProperties.class));

        assertThat(events.buffer()).isEqualTo(Duration.ofMinutes(10));
        assertThat(events.heartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(events.statsInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(events.clientBuffer()).isEqualTo(4096);
        assertThat(events.writeTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(events.relayEnabled()).isTrue();
        assertThat(events.relayBatchSize()).isEqualTo(1000);
        assertThat(events.relayPollInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(events.fanOutPollInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(events.readBatchSize()).isEqualTo(1000);
    }
}
