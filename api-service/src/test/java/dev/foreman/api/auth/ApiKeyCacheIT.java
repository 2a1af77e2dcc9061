package dev.foreman.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.foreman.api.ApiPropertiesFixtures;
import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.common.tenant.StoredKey;
import dev.foreman.common.tenant.TenantRepository;
import dev.foreman.testkit.infra.TestInfrastructure;
import dev.foreman.testkit.infra.TestTenant;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The key caches against the real database (issue #14: "cache unknown keys briefly, so a flood of
 * bad keys ... cannot turn every tenant's requests into 503"): a flood of one unknown key asks
 * Postgres once, and asks again only after {@code negative-cache-ttl}; a valid key is asked once
 * while cached.
 */
class ApiKeyCacheIT {
    /** The statements one miss of both caches runs: by HMAC, by legacy hash, by HMAC again. */
    private static final int MISS = 3;

    private final CountingTenants tenants =
            new CountingTenants(JdbcClient.create(TestInfrastructure.shared().dataSource()));

    @BeforeAll
    static void migrate() {
        TestInfrastructure.shared().migrate();
    }

    @Test
    void aFloodOfOneUnknownKeyAsksTheDatabaseOnce() {
        ApiKeyAuthenticator authenticator = authenticator("2s");
        String unknown = ApiKeys.newKey();

        for (int i = 0; i < 1_000; i++) {
            assertThat(authenticator.authenticate(unknown)).isEmpty();
        }

        assertThat(tenants.keyLookups()).isEqualTo(MISS);
    }

    @Test
    void anUnknownKeyIsAskedForAgainOnceTheNegativeCacheTtlHasPassed() {
        ApiKeyAuthenticator authenticator = authenticator("100ms");
        String unknown = ApiKeys.newKey();
        assertThat(authenticator.authenticate(unknown)).isEmpty();

        await("the refused key asked for again")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> authenticator.authenticate(unknown).isEmpty() && tenants.keyLookups() == 2 * MISS);
    }

    @Test
    void aValidKeyIsAskedForOnceWhileCached() {
        ApiKeyAuthenticator authenticator = authenticator("2s");
        TestTenant tenant = TestInfrastructure.shared().createTenant("key-cache");
        // Stored by the fixture as a bare SHA-256: the first use re-hashes it, later ones find the HMAC.
        assertThat(authenticator.authenticate(tenant.apiKey())).isPresent();
        int firstUse = tenants.keyLookups();

        for (int i = 0; i < 100; i++) {
            assertThat(authenticator.authenticate(tenant.apiKey()))
                    .hasValueSatisfying(
                            principal -> assertThat(principal.tenantId()).isEqualTo(tenant.id()));
        }

        assertThat(tenants.keyLookups()).isEqualTo(firstUse);
    }

    private ApiKeyAuthenticator authenticator(String negativeCacheTtl) {
        return new ApiKeyAuthenticator(
                tenants,
                ApiPropertiesFixtures.with(Map.of("foreman.api.auth.negative-cache-ttl", negativeCacheTtl)),
                Clock.systemUTC());
    }

    /** The real repository, counting the authenticator's key statements. */
    private static final class CountingTenants extends TenantRepository {
        private final AtomicInteger lookups = new AtomicInteger();

        CountingTenants(JdbcClient jdbc) {
            super(jdbc);
        }

        @Override
        public Optional<StoredKey> findUsableKeyByHmac(String keyHmac) {
            lookups.incrementAndGet();
            return super.findUsableKeyByHmac(keyHmac);
        }

        @Override
        public Optional<StoredKey> findUsableKeyByLegacyHash(String keyHash) {
            lookups.incrementAndGet();
            return super.findUsableKeyByLegacyHash(keyHash);
        }

        /** Key statements run so far. */
        int keyLookups() {
            return lookups.get();
        }
    }
}
