package dev.foreman.api.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class StatsPropertiesTest {

    @Test
    void defaultsReuseStatsForASecondAndFoldTwiceASecond() {
        StatsProperties stats = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("foreman.api.stats", Bindable.of(StatsProperties.class));

        assertThat(stats.cacheTtl()).isEqualTo(Duration.ofSeconds(1));
        assertThat(stats.workerLiveness()).isEqualTo(Duration.ofSeconds(15));
        assertThat(stats.foldInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(stats.foldBatchSize()).isEqualTo(10_000);
        assertThat(stats.foldEnabled()).isTrue();
    }
}
