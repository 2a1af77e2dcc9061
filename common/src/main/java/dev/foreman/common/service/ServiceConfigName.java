package dev.foreman.common.service;

import java.util.Map;
import java.util.Objects;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points Spring Boot's config loading at {@code <service>.yml} for an application whose source is
 * annotated {@link ForemanService}. Runs before config data is read, and only as a default: an
 * explicit {@code spring.config.name} still wins.
 */
public class ServiceConfigName implements EnvironmentPostProcessor, Ordered {
    static final String PROPERTY_SOURCE = "foremanServiceConfigName";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        application.getAllSources().stream()
                .filter(Class.class::isInstance)
                .map(source -> AnnotatedElementUtils.findMergedAnnotation((Class<?>) source, ForemanService.class))
                .filter(Objects::nonNull)
                .findFirst()
                .ifPresent(service -> environment
                        .getPropertySources()
                        .addLast(
                                new MapPropertySource(PROPERTY_SOURCE, Map.of("spring.config.name", service.value()))));
    }

    /** Before {@code ConfigDataEnvironmentPostProcessor}, which reads {@code spring.config.name}. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
