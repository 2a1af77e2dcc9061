package dev.foreman.common.service;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a Foreman service on its {@code @SpringBootApplication} class. The service's settings
 * live in {@code <name>.yml} rather than {@code application.yml}, so that the three services can
 * share one classpath (the devstack and the e2e suite run them in one JVM) without one service's
 * file hiding the others'.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ForemanService {
    /** The service name: {@code api-service}, {@code worker-service} or {@code scheduler-service}. */
    String value();
}
