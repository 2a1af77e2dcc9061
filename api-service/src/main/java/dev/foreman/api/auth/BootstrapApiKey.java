package dev.foreman.api.auth;

import dev.foreman.api.ApiProperties;
import dev.foreman.common.id.UuidV7;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.common.tenant.Tenant;
import dev.foreman.common.tenant.TenantRepository;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On a database without any API key, makes the operator's {@code FOREMAN_BOOTSTRAP_API_KEY} the
 * {@code operator} key of a {@code default} tenant (DESIGN §3.1), so a fresh install can be used at once. Replicas starting
 * together serialize on an advisory lock; the first creates the key, the others see it and stop.
 */
@Component
class BootstrapApiKey implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(BootstrapApiKey.class);
    static final String TENANT_NAME = "default";
    /** Shorter operator-chosen keys are too easy to guess. */
    static final int MIN_KEY_LENGTH = 16;

    private final ApiProperties properties;
    private final TenantRepository tenants;
    private final ApiKeyAuthenticator authenticator;
    private final TransactionTemplate tx;
    private final UuidV7 ids;
    private final Clock clock;

    BootstrapApiKey(
            ApiProperties properties,
            TenantRepository tenants,
            ApiKeyAuthenticator authenticator,
            TransactionTemplate tx,
            UuidV7 ids,
            Clock clock) {
        this.properties = properties;
        this.tenants = tenants;
        this.authenticator = authenticator;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.hasBootstrapApiKey()) {
            return;
        }
        String key = properties.bootstrapApiKey().strip();
        if (key.length() < MIN_KEY_LENGTH || key.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalStateException("FOREMAN_BOOTSTRAP_API_KEY must be at least " + MIN_KEY_LENGTH
                    + " characters without spaces; generate one with 'openssl rand -base64 32'");
        }
        tx.executeWithoutResult(status -> createAdminKeyIfNoneExists(key));
    }

    private void createAdminKeyIfNoneExists(String key) {
        tenants.lockForBootstrap();
        if (tenants.countApiKeys() > 0) {
            log.info("API keys exist already; the bootstrap API key is not needed and was not stored");
            return;
        }
        Instant now = clock.instant();
        Tenant tenant = tenants.findTenantByName(TENANT_NAME).orElseGet(() -> {
            Tenant created = new Tenant(ids.next(), TENANT_NAME, ApiKeys.newSigningSecret(), now);
            tenants.insertTenant(created);
            return created;
        });
        tenants.insertKeyedApiKey(
                ids.next(),
                tenant.id(),
                "bootstrap",
                authenticator.storedHash(key),
                ApiKeys.displayPrefix(key),
                ApiKeyRole.OPERATOR,
                now,
                null);
        log.info("Stored the bootstrap API key as the operator key of tenant '{}'", TENANT_NAME);
    }
}
