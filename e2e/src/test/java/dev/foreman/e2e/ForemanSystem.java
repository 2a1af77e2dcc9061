package dev.foreman.e2e;

import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.devstack.RunningServices;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system, started once per JVM and shared by the e2e classes: real infrastructure and
 * the three services as separate Spring contexts. Tests reach it only over HTTP, each with a
 * tenant of its own.
 */
final class ForemanSystem {
    private static final Logger log = LoggerFactory.getLogger(ForemanSystem.class);
    private static final String RATE_LIMIT = "100000";
    private static ForemanSystem shared;

    private final TestInfrastructure infra;
    private final RunningServices services;

    private ForemanSystem(TestInfrastructure infra, RunningServices services) {
        this.infra = infra;
        this.services = services;
    }

    static synchronized ForemanSystem shared() {
        if (shared == null) {
            long started = System.nanoTime();
            TestInfrastructure infra = TestInfrastructure.shared();
            // A short worker grace keeps failure-path tests quick, a high default rate limit lets tests
            // send bursts with one key (a test of the limit gives its tenant a low one), and a heartbeat
            // a second lets LiveEventsE2EIT see one soon; the scheduler leader samples its gauges every
            // second, so MetricsCatalogueE2EIT sees them soon. Tracing is on (every e2e test runs
            // through its code, sampling 10% of new traces and every trace a client marks sampled,
            // exporting nowhere); the rest are defaults. Among them the event streams' client buffer
            // (4,096) and write timeout (10 s): a shorter write timeout also cut LiveEventsE2EIT's
            // reading stream, which runs in this JVM, when the machine stalled for that long under load.
            RunningServices services = RunningServices.start(
                    infra,
                    RunningServices.ServicePorts.ANY,
                    ApiKeys.newKey(),
                    Map.of(
                            "foreman.worker.shutdown-grace", "5s",
                            "foreman.api.limits.requests-per-second", RATE_LIMIT,
                            "foreman.api.events.heartbeat", "1s",
                            "foreman.scheduler.gauge-interval", "1s",
                            "foreman.tracing.enabled", "true"));
            shared = new ForemanSystem(infra, services);
            Runtime.getRuntime().addShutdownHook(new Thread(services::close, "e2e-services-stop"));
            log.info(
                    "system up in {} ms",
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
        return shared;
    }

    /** Another worker replica beside the system's own, in its consumer group; close it when done. */
    ConfigurableApplicationContext anotherWorker() {
        return RunningServices.startWorker(infra, Map.of("foreman.worker.shutdown-grace", "5s"));
    }

    /** A client with a fresh tenant's admin key: its jobs are invisible to every other test. */
    ForemanClient newTenantClient() {
        return clientFor(newTenant());
    }

    /** A fresh tenant with an admin key. */
    TestTenant newTenant() {
        return infra.createTenant("e2e-" + UUID.randomUUID());
    }

    /** A client with an operator key (of a fresh tenant): it manages every tenant over /v1/admin. */
    ForemanClient operatorClient() {
        TestTenant home = newTenant();
        return new ForemanClient(services.apiUrl(), infra.createApiKey(home.id(), ApiKeyRole.OPERATOR));
    }

    /** A second api-service replica on the same Postgres, Kafka and Redis; the caller closes it. */
    ConfigurableApplicationContext startApiReplica() {
        // The same limits as the first replica: with different ones, the first would take a share of
        // its own (higher) limit ahead and leave the second none of its lower one.
        return RunningServices.startApiReplica(infra, Map.of("foreman.api.limits.requests-per-second", RATE_LIMIT));
    }

    /** The api-service's base URL; it also serves the dashboard at {@code /}. */
    String apiUrl() {
        return services.apiUrl();
    }

    /** Where each service's actuator answers: {@code api}, {@code worker} and {@code scheduler}. */
    Map<String, String> actuatorUrls() {
        return Map.of(
                "api", services.apiManagementUrl(),
                "worker", services.workerUrl(),
                "scheduler", services.schedulerUrl());
    }

    ForemanClient clientFor(TestTenant tenant) {
        return new ForemanClient(services.apiUrl(), tenant.apiKey());
    }
}
