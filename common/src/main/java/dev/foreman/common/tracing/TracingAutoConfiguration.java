package dev.foreman.common.tracing;

import io.opentelemetry.sdk.trace.SpanProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Every service's {@link Tracing}: off unless {@code foreman.tracing.enabled}; when on, spans go
 * to the OTLP endpoint if one is set and to any {@link SpanProcessor} beans (tests add an
 * in-memory exporter that way). The service name is {@code spring.application.name}, or the
 * service's config name ({@code api-service}, …).
 */
@AutoConfiguration
@EnableConfigurationProperties(TracingProperties.class)
public class TracingAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Tracing tracing(TracingProperties properties, Environment environment, ObjectProvider<SpanProcessor> processors) {
        if (!properties.enabled()) {
            return Tracing.off();
        }
        String service = environment.getProperty(
                "spring.application.name", environment.getProperty("spring.config.name", "foreman"));
        return Tracing.recording(properties, service, processors.orderedStream().toList());
    }
}
