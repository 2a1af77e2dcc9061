package dev.foreman.api.stats;

import dev.foreman.common.stats.JobStatsRepository;
import dev.foreman.common.stats.WorkerHeartbeatRepository;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The stats reader and the background fold of the count deltas. */
@Configuration(proxyBeanMethods = false)
class StatsConfiguration {

    @Bean
    StatsReader statsReader(
            JobStatsRepository stats,
            WorkerHeartbeatRepository workers,
            StringRedisTemplate redis,
            Clock clock,
            StatsProperties settings) {
        return new StatsReader(stats, workers, redis, clock, settings.cacheTtl(), settings.workerLiveness());
    }

    @Bean
    CountFolder countFolder(
            JobStatsRepository stats, WorkerHeartbeatRepository workers, StatsProperties settings, Clock clock) {
        return new CountFolder(stats, workers, settings, clock);
    }
}
