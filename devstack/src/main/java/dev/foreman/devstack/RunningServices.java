package dev.foreman.devstack;

import dev.foreman.api.ApiApplication;
import dev.foreman.scheduler.SchedulerApplication;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.worker.WorkerApplication;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The three services as separate Spring contexts in one JVM, wired to the infrastructure exactly
 * as separate processes would be: through their public settings only. The devstack runs them; the
 * e2e suite drives them over HTTP.
 */
public final class RunningServices implements AutoCloseable {
    private final ConfigurableApplicationContext api;
    private final ConfigurableApplicationContext worker;
    private final ConfigurableApplicationContext scheduler;

    private RunningServices(
            ConfigurableApplicationContext api,
            ConfigurableApplicationContext worker,
            ConfigurableApplicationContext scheduler) {
        this.api = api;
        this.worker = worker;
        this.scheduler = scheduler;
    }

    /**
     * Starts scheduler, worker and api (in that order, so nothing submitted waits for a consumer).
     *
     * @param ports HTTP ports of api, worker and scheduler; 0 picks a free one
     * @param bootstrapApiKey becomes the first admin key of tenant {@code default} on an empty database
     * @param overrides extra settings for all three services, e.g. {@code foreman.worker.max-in-flight}
     */
    public static RunningServices start(
            TestInfrastructure infra, ServicePorts ports, String bootstrapApiKey, Map<String, Object> overrides) {
        return start(infra, ports, bootstrapApiKey, overrides, List.of());
    }

    /**
     * The same, with {@code initializers} run on each service's context before it is refreshed: a
     * test registers a bean of its own that way, such as a span processor that captures the traces.
     */
    public static RunningServices start(
            TestInfrastructure infra,
            ServicePorts ports,
            String bootstrapApiKey,
            Map<String, Object> overrides,
            List<ApplicationContextInitializer<ConfigurableApplicationContext>> initializers) {
        ConfigurableApplicationContext scheduler = run(
                SchedulerApplication.class,
                serviceProperties(infra, "scheduler-service", ports.scheduler(), overrides),
                initializers);
        ConfigurableApplicationContext worker = run(
                WorkerApplication.class,
                serviceProperties(infra, "worker-service", ports.worker(), overrides),
                initializers);
        Map<String, Object> apiProperties = serviceProperties(infra, "api-service", ports.api(), overrides);
        apiProperties.put("foreman.api.bootstrap-api-key", bootstrapApiKey);
        apiProperties.putIfAbsent("management.server.port", apiManagementPort(ports.api()));
        ConfigurableApplicationContext api = run(ApiApplication.class, apiProperties, initializers);
        return new RunningServices(api, worker, scheduler);
    }

    /**
     * Starts one more api-service against the same infrastructure, as a second replica behind a load
     * balancer would run (for tests of what replicas share: key revocation, rate limits). The caller
     * closes it.
     */
    public static ConfigurableApplicationContext startApiReplica(
            TestInfrastructure infra, Map<String, Object> overrides) {
        Map<String, Object> properties = serviceProperties(infra, "api-service", 0, overrides);
        properties.put("foreman.api.outbox.relay-enabled", false);
        properties.putIfAbsent("management.server.port", 0);
        return run(ApiApplication.class, properties);
    }

    /** The base URL of an api-service context, e.g. {@code http://localhost:8080}. */
    public static String apiUrl(ConfigurableApplicationContext api) {
        return "http://localhost:" + api.getEnvironment().getProperty("local.server.port");
    }

    /**
     * The api-service's management port (actuator: metrics, health) for an API port: 1000 above it,
     * {@code 9080} for the default 8080; a free one when the API port is picked freely (0).
     */
    public static int apiManagementPort(int apiPort) {
        return apiPort == 0 ? 0 : apiPort + 1000;
    }

    /** The api-service's actuator base URL, e.g. {@code http://localhost:9080}. */
    public String apiManagementUrl() {
        return "http://localhost:" + api.getEnvironment().getProperty("local.management.port");
    }

    /** The worker-service's base URL, where its actuator answers too, e.g. {@code http://localhost:8081}. */
    public String workerUrl() {
        return "http://localhost:" + worker.getEnvironment().getProperty("local.server.port");
    }

    /** The scheduler-service's base URL, where its actuator answers too, e.g. {@code http://localhost:8082}. */
    public String schedulerUrl() {
        return "http://localhost:" + scheduler.getEnvironment().getProperty("local.server.port");
    }

    /**
     * Starts one more worker-service against the same infrastructure, e.g. a second replica of the
     * fleet; the caller closes it.
     */
    public static ConfigurableApplicationContext startWorker(TestInfrastructure infra, Map<String, Object> overrides) {
        return run(WorkerApplication.class, serviceProperties(infra, "worker-service", 0, overrides));
    }

    /** The api-service base URL, e.g. {@code http://localhost:8080}. */
    public String apiUrl() {
        return "http://localhost:" + api.getEnvironment().getProperty("local.server.port");
    }

    private static Map<String, Object> serviceProperties(
            TestInfrastructure infra, String service, int port, Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(infra.springProperties());
        properties.put("spring.config.name", service);
        properties.put("spring.application.name", service);
        properties.put("server.port", port);
        properties.putAll(overrides);
        return properties;
    }

    /**
     * Settings go in as command-line arguments, the way an operator passes them to a service jar:
     * they outrank each service's own yml, whose infrastructure defaults point at localhost.
     */
    private static ConfigurableApplicationContext run(Class<?> application, Map<String, Object> properties) {
        return run(application, properties, List.of());
    }

    private static ConfigurableApplicationContext run(
            Class<?> application,
            Map<String, Object> properties,
            List<ApplicationContextInitializer<ConfigurableApplicationContext>> initializers) {
        String[] arguments = properties.entrySet().stream()
                .map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(application)
                .initializers(initializers.toArray(ApplicationContextInitializer[]::new))
                .registerShutdownHook(false)
                .run(arguments);
    }

    /** Stops intake first (api), then the worker, then the scheduler. */
    @Override
    public void close() {
        for (ConfigurableApplicationContext context : List.of(api, worker, scheduler)) {
            context.close();
        }
    }

    /** HTTP ports of the three services; 0 picks a free port. */
    public record ServicePorts(int api, int worker, int scheduler) {
        public static final ServicePorts ANY = new ServicePorts(0, 0, 0);
    }
}
