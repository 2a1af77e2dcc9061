package dev.foreman.api.health;

import org.springframework.boot.data.redis.health.DataRedisHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Replaces Spring Boot's Redis health (same name, {@code redis}): Redis down is {@link #DEGRADED},
 * which {@code management.endpoint.health.status} orders below DOWN and maps to HTTP 200. Without
 * Redis the API still takes and serves jobs (keys are checked in Postgres; rate limits fail open),
 * so a load balancer or orchestrator must not take every replica out over it. Readiness does not
 * include it either.
 */
@Configuration(proxyBeanMethods = false)
class RedisHealthConfiguration {
    /** Working, without something that is not needed to serve requests. */
    static final Status DEGRADED = new Status(
            "DEGRADED",
            "Redis is unavailable: auth cache invalidation waits"
                    + " for the cache TTL and rate limits fail open; jobs are still accepted and served");

    @Bean
    HealthIndicator redisHealthContributor(RedisConnectionFactory connections) {
        DataRedisHealthIndicator redis = new DataRedisHealthIndicator(connections);
        return () -> {
            Health health = redis.health(true);
            if (health == null || Status.UP.equals(health.getStatus())) {
                return health;
            }
            return Health.status(DEGRADED).withDetails(health.getDetails()).build();
        };
    }
}
