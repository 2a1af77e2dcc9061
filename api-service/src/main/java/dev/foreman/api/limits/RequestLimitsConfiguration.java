package dev.foreman.api.limits;

import dev.foreman.api.ApiProperties;
import dev.foreman.api.problem.ProblemWriter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class RequestLimitsConfiguration {
    /** After authentication: an unauthenticated caller's body is never read. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;
    /** After authentication (+10), before the body limit (+20). */
    static final int CONCURRENCY_ORDER = Ordered.HIGHEST_PRECEDENCE + 15;

    /**
     * Right after authentication (order +10): an unauthenticated request never holds a slot, so a
     * flood of bad keys cannot turn every tenant's requests into {@code 503 overloaded}. Key checks
     * are cached both ways, so a refused request costs little before the slot.
     */
    @Bean
    FilterRegistrationBean<ConcurrencyLimitFilter> concurrencyLimitFilter(
            ApiProperties properties, ProblemWriter problems, MeterRegistry meters) {
        int max = properties.maxConcurrentRequests();
        var filter = new ConcurrencyLimitFilter(max, properties.maxQueueWait(), problems);
        Gauge.builder("foreman.api.requests.in.flight", filter, f -> f.inFlight(max))
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
}
