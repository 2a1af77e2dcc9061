package dev.foreman.devstack;

import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import java.util.Map;
import java.util.UUID;

/**
 * The whole system for black-box tests of the modules built on the API (the client library,
 * foremanctl): the shared test infrastructure and the three services, started once per JVM and
 * stopped when it exits. Each test takes a tenant of its own, so tests never see each other's jobs.
 */
public final class SharedSystem {
    private static SharedSystem shared;

    private final TestInfrastructure infra;
    private final RunningServices services;

    private SharedSystem(TestInfrastructure infra, RunningServices services) {
        this.infra = infra;
        this.services = services;
    }

    public static synchronized SharedSystem get() {
        if (shared == null) {
            TestInfrastructure infra = TestInfrastructure.shared();
            RunningServices services =
                    RunningServices.start(infra, RunningServices.ServicePorts.ANY, ApiKeys.newKey(), Map.of());
            shared = new SharedSystem(infra, services);
            Runtime.getRuntime().addShutdownHook(new Thread(services::close, "shared-system-stop"));
        }
        return shared;
    }

    /** The api-service base URL. */
    public String apiUrl() {
        return services.apiUrl();
    }

    /** An operator key (of a fresh tenant): it manages every tenant over {@code /v1/admin}. */
    public String newOperatorKey(String purpose) {
        return infra.createApiKey(newTenant(purpose).id(), ApiKeyRole.OPERATOR);
    }

    /** A fresh tenant with an admin key, named after {@code purpose}. */
    public TestTenant newTenant(String purpose) {
        return infra.createTenant(purpose + "-" + UUID.randomUUID());
    }
}
