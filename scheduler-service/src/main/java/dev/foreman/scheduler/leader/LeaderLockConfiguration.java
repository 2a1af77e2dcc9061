package dev.foreman.scheduler.leader;

import dev.foreman.scheduler.SchedulerProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

@Configuration(proxyBeanMethods = false)
class LeaderLockConfiguration {

    @Bean
    LeaderLock leaderLock(StringRedisTemplate redis, SchedulerProperties properties, Clock clock) {
        return new LeaderLock(redis, LeaderLock.KEY, InstanceId.generate(), properties.leaderTtl(), clock);
    }
}
