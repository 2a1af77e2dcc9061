package dev.foreman.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.foreman.api.ApiPropertiesFixtures;
import dev.foreman.common.id.UuidV7;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.common.tenant.Tenant;
import dev.foreman.common.tenant.TenantRepository;
import dev.foreman.testkit.concurrency.Race;
import dev.foreman.testkit.infra.TestInfrastructure;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bootstrap needs a database without any API key, which the shared database of the other tests is
 * not: each test here migrates a schema of its own in the shared Postgres and works in it.
 */
class BootstrapApiKeyIT {
    private static final String KEY = "fm_operator-chosen-bootstrap-key";

    private HikariDataSource dataSource;
    private TenantRepository tenants;
    private TransactionTemplate tx;

    @BeforeEach
    void migrateAFreshSchema() {
        TestInfrastructure infra = TestInfrastructure.shared();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(infra.migrateFreshSchema("bootstrap_it"));
        dataSource.setUsername(infra.username());
        dataSource.setPassword(infra.password());
        dataSource.setMaximumPoolSize(8);
        tenants = new TenantRepository(JdbcClient.create(dataSource));
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterEach
    void closePool() {
        dataSource.close();
    }

    @Test
    void storesTheKeyAsTheOperatorKeyOfANewDefaultTenantByItsPepperedHash() {
        bootstrap(KEY).run(null);

        Optional<Tenant> tenant = tenants.findTenantByName("default");
        assertThat(tenant).isPresent();
        assertThat(tenant.get().signingSecret()).startsWith("whsec_");
        assertThat(tenants.findActiveKeyByHash(ApiKeys.hash(KEY))).isEmpty();
        assertThat(tenants.findUsableKeyByHmac(authenticator().storedHash(KEY))).hasValueSatisfying(key -> {
            assertThat(key.principal().tenantId()).isEqualTo(tenant.get().id());
            assertThat(key.principal().role()).isEqualTo(ApiKeyRole.OPERATOR);
        });
    }

    @Test
    void storesOneKeyWhenReplicasStartTogether() throws Exception {
        int replicas = 4;
        List<Callable<Void>> starts = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            BootstrapApiKey replica = bootstrap(KEY);
            starts.add(() -> {
                replica.run(null);
                return null;
            });
        }
        Race.run(starts);

        assertThat(tenants.countApiKeys()).isEqualTo(1);
        assertThat(tenants.findUsableKeyByHmac(authenticator().storedHash(KEY))).isPresent();
    }

    @Test
    void leavesADatabaseThatHasKeysAlone() {
        bootstrap(KEY).run(null);

        bootstrap("fm_a-second-operator-key-later").run(null);

        assertThat(tenants.countApiKeys()).isEqualTo(1);
        assertThat(tenants.findUsableKeyByHmac(authenticator().storedHash("fm_a-second-operator-key-later")))
                .isEmpty();
    }

    @Test
    void doesNothingWithoutAKey() {
        bootstrap("").run(null);

        assertThat(tenants.countApiKeys()).isZero();
    }

    @Test
    void refusesAKeyTooShortToBeSafe() {
        assertThatThrownBy(() -> bootstrap("short").run(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least 16 characters");
        assertThat(tenants.countApiKeys()).isZero();
    }

    private ApiKeyAuthenticator authenticator() {
        return new ApiKeyAuthenticator(tenants, ApiPropertiesFixtures.defaults(), Clock.systemUTC());
    }

    private BootstrapApiKey bootstrap(String key) {
        Clock clock = Clock.systemUTC();
        return new BootstrapApiKey(
                ApiPropertiesFixtures.with(Map.of("foreman.api.bootstrap-api-key", key)),
                tenants,
                authenticator(),
                tx,
                new UuidV7(clock),
                clock);
    }
}
