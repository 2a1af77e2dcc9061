package dev.foreman.client;

import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.devstack.RunningServices;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import java.util.Map;
import java.util.UUID;

/** The whole system, started once per JVM for the client's tests, each test with a tenant of its own. */
final class StackUnderTest {
    private static StackUnderTest shared;

    private final TestInfrastructure infra;
    private final RunningServices services;

    private StackUnderTest(TestInfrastructure infra, RunningServices services) {
        this.infra = infra;
        this.services = services;
    }

    static synchronized StackUnderTest shared() {
        if (shared == null) {
            TestInfrastructure infra = TestInfrastructure.shared();
            RunningServices services =
                    RunningServices.start(infra, RunningServices.ServicePorts.ANY, ApiKeys.newKey(), Map.of());
            shared = new StackUnderTest(infra, services);
            Runtime.getRuntime().addShutdownHook(new Thread(services::close, "client-it-services-stop"));
        }
        return shared;
    }

    String apiUrl() {
        return services.apiUrl();
    }

    TestTenant newTenant() {
        return infra.createTenant("client-" + UUID.randomUUID());
    }

    Foreman clientFor(String apiKey) {
        return Foreman.builder().baseUrl(apiUrl()).apiKey(apiKey).build();
    }
}
