package dev.foreman.api.database;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts a {@link DatabaseBreaker} in front of the api-service's connection pool. */
@Configuration(proxyBeanMethods = false)
class DatabaseBreakerConfiguration {

    @Bean
    static BeanPostProcessor databaseBreakerInFrontOfThePool(
            ObjectProvider<Clock> clock, ObjectProvider<MeterRegistry> meters) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (!(bean instanceof DataSource pool) || bean instanceof BreakingDataSource) {
                    return bean;
                }
                DatabaseBreaker breaker = new DatabaseBreaker(clock.getIfAvailable(Clock::systemUTC));
                MeterRegistry registry = meters.getIfAvailable();
                Runnable onRefused = () -> {};
                if (registry != null) {
                    Gauge.builder("foreman.api.database.breaker.open", breaker, b -> b.isOpen() ? 1 : 0)
                            .description("1 while the database circuit breaker refuses connections without trying")
                            .register(registry);
                    Counter refused = Counter.builder("foreman.api.database.breaker.refused")
                            .description("Connections refused at once because the database circuit breaker was open")
                            .register(registry);
                    onRefused = refused::increment;
                }
                return new BreakingDataSource(pool, breaker, onRefused);
            }
        };
    }
}
