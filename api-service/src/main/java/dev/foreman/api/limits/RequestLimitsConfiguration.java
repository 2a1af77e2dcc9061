package dev.foreman.api.limits;

import dev.foreman.api.ApiProperties;
import dev.foreman.api.problem.ProblemWriter;
import dev.foreman.common.schedule.ScheduleRepository;
import dev.foreman.common.tenant.TenantQuotaRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.redis.core.StringRedisTemplate;

@Configuration(proxyBeanMethods = false)
class RequestLimitsConfiguration {
    /** After authentication: an unauthenticated caller's body is never read. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;
    /** After authentication (+10), before the body limit (+20). */
    static final int CONCURRENCY_ORDER = Ordered.HIGHEST_PRECEDENCE + 15;

    /**
     * After authentication (+10), which names the key, and before the overload slot (+15): a
     * request refused by its key's rate limit never holds a slot others are waiting for.
     */
    static final int RATE_LIMIT_ORDER = Ordered.HIGHEST_PRECEDENCE + 12;

    /** What a {@code quota_exceeded} of active jobs asks to wait: the scheduler's default reconcile interval. */
    private static final Duration ACTIVE_JOBS_RETRY_AFTER = Duration.ofSeconds(5);

    /**
     * Right after authentication and the rate limit: an unauthenticated request never holds a slot,
     * so a flood of bad keys cannot turn every tenant's requests into {@code 503 overloaded}. Key
     * checks are cached both ways, so a refused request costs little before the slot. One tenant
     * holds at most {@code foreman.api.max-tenant-share} of the slots, so neither can its slow bodies.
     */
    @Bean
    FilterRegistrationBean<ConcurrencyLimitFilter> concurrencyLimitFilter(
            ApiProperties properties, ProblemWriter problems, MeterRegistry meters) {
        int max = properties.maxConcurrentRequests();
        var filter = new ConcurrencyLimitFilter(max, properties.maxTenantShare(), properties.maxQueueWait(), problems);
        Gauge.builder("foreman.api.requests.in.flight", filter, f -> f.inFlight())
                .description("API requests in progress (bounded by foreman.api.max-concurrent-requests)")
                .register(meters);
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(CONCURRENCY_ORDER);
        registration.addUrlPatterns("/v1/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
            ApiProperties properties, ProblemWriter problems) {
        var registration = new FilterRegistrationBean<>(
                new RequestBodyLimitFilter(properties.maxBodySize().toBytes(), problems));
        registration.setOrder(ORDER);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Bean
    RedisLimits redisLimits(StringRedisTemplate redis, Clock clock, ApiProperties properties, MeterRegistry meters) {
        return new RedisLimits(redis, clock, properties.limits().redisRetryAfter(), meters);
    }

    @Bean
    LocalAllowances localAllowances(RedisLimits redis, Clock clock) {
        return new LocalAllowances(redis, clock);
    }

    @Bean
    TenantLimits tenantLimits(TenantQuotaRepository quotas, ApiProperties properties) {
        return new TenantLimits(quotas, properties.limits());
    }

    @Bean
    ActiveJobQuota activeJobQuota(LocalAllowances redis, TenantLimits tenants, ApiProperties properties) {
        return new ActiveJobQuota(
                redis, tenants, ACTIVE_JOBS_RETRY_AFTER, properties.limits().enabled());
    }

    @Bean
    ScheduleQuota scheduleQuota(ScheduleRepository schedules, TenantLimits tenants) {
        return new ScheduleQuota(schedules, tenants);
    }

    /** Off ({@code foreman.api.limits.enabled=false}), no request asks Redis and none carries RateLimit fields. */
    @Bean
    @ConditionalOnBooleanProperty(name = "foreman.api.limits.enabled", matchIfMissing = true)
    FilterRegistrationBean<RateLimitFilter> rateLimitFilter(
            LocalAllowances redis, TenantLimits tenants, ProblemWriter problems, MeterRegistry meters) {
        Counter refused = Counter.builder("foreman.api.limits.rate.limited")
                .description("Requests refused with 429 rate_limited")
                .register(meters);
        var registration = new FilterRegistrationBean<>(new RateLimitFilter(redis, tenants, problems, refused));
        registration.setOrder(RATE_LIMIT_ORDER);
        registration.addUrlPatterns("/v1/*");
        return registration;
    }
}
