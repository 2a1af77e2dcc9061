package dev.foreman.testkit.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.common.tenant.TenantRepository;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the devstack relies on: its own servers, on the ports it asks for, Postgres data kept. */
class EmbeddedRestartIT {
    @TempDir
    Path dataDirectory;

    @Test
    void aRestartOnTheSameDirectoryKeepsPostgresDataOnTheRequestedPorts() throws Exception {
        Ports ports = new Ports(FreePorts.pick(), FreePorts.pick(), FreePorts.pick());
        TestTenant tenant;
        try (TestInfrastructure first = TestInfrastructure.startEmbedded(dataDirectory, ports)) {
            assertThat(first.jdbcUrl()).endsWith(":" + ports.postgres() + "/postgres");
            assertThat(first.kafkaBootstrapServers()).endsWith(":" + ports.kafka());
            assertThat(first.redisUrl()).isEqualTo("redis://127.0.0.1:" + ports.redis());
            assertThat(KafkaRoundTrip.sendAndReceive(first.kafkaBootstrapServers(), "through the fixed port"))
                    .containsExactly("through the fixed port");
            tenant = first.createTenant("survivor");
        }
        assertThat(dataDirectory.resolve("postgres").resolve("PG_VERSION")).exists();

        try (TestInfrastructure second = TestInfrastructure.startEmbedded(dataDirectory, ports)) {
            TenantRepository tenants = new TenantRepository(JdbcClient.create(second.dataSource()));

            assertThat(tenants.findTenantByName(tenant.name())).isPresent();
        }
    }
}
