package dev.foreman.api.auth;

import dev.foreman.api.problem.ProblemWriter;
import dev.foreman.common.logs.LogContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Puts the API key filter in front of {@code /v1/*} and the role check in front of every
 * {@code /v1} handler; actuator endpoints (on the management port) stay open for probes.
 */
@Configuration(proxyBeanMethods = false)
class AuthConfiguration implements WebMvcConfigurer {
    /**
     * First of the {@code /v1} filters: a request without a valid key is refused before it takes
     * one of the overload slots (ConcurrencyLimitFilter) or is rate limited, so a flood of bad keys
     * cannot crowd out callers with good ones.
     */
    public static final int FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(
            ApiKeyAuthenticator authenticator, ProblemWriter problems, LogContext logs) {
        var registration = new FilterRegistrationBean<>(new ApiKeyFilter(authenticator, problems, logs));
        registration.setOrder(FILTER_ORDER);
        registration.addUrlPatterns("/v1/*");
        return registration;
    }

    @Bean
    KeyInvalidations keyInvalidations(
            ApiKeyAuthenticator authenticator, StringRedisTemplate redis, MeterRegistry meters) {
        return new KeyInvalidations(authenticator, redis, meters);
    }

    /** Listens for other replicas' invalidations; subscribes in the background while Redis is down. */
    @Bean(destroyMethod = "close")
    KeyInvalidationSubscription keyInvalidationSubscription(
            RedisConnectionFactory connections, KeyInvalidations invalidations) {
        return new KeyInvalidationSubscription(connections, invalidations, Duration.ofSeconds(1));
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RoleCheck()).addPathPatterns("/v1/**");
    }
}
