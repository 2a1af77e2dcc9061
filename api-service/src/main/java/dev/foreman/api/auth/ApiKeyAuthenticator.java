package dev.foreman.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.foreman.api.ApiProperties;
import dev.foreman.common.tenant.ApiKeyHasher;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.common.tenant.StoredKey;
import dev.foreman.common.tenant.TenantRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Resolves a clear API key to the principal it speaks for. The key is looked up by its peppered
 * HMAC; a key still stored by a bare SHA-256 (written before the pepper, or by a test fixture) is
 * found that way once and re-hashed in place.
 *
 * <p>Both answers are cached by HMAC, the clear key never: valid keys for {@code cache-ttl}, refused
 * ones for {@code negative-cache-ttl}, so neither a busy key nor a flood of bad keys asks the
 * database on every request. {@link #evictKey} and {@link #evictTenant} (fanned out to every replica
 * by {@link KeyInvalidations}) end a revoked key or a suspended tenant at once; the TTL only bounds
 * how long a lost invalidation can matter. Expiry is checked on every request, cached or not.
 */
@Component
public class ApiKeyAuthenticator {
    private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticator.class);

    private final TenantRepository tenants;
    private final ApiKeyHasher hasher;
    private final Clock clock;
    private final Duration lastUsedInterval;
    private final Cache<String, ApiKeyPrincipal> validKeys;
    private final Cache<String, Boolean> refusedKeys;
    /** Bumped by every eviction: a lookup that started before one does not cache its stale answer. */
    private final AtomicLong evictions = new AtomicLong();

    ApiKeyAuthenticator(TenantRepository tenants, ApiProperties properties, Clock clock) {
        ApiProperties.Auth auth = properties.auth();
        if (!auth.hasKeyPepper()) {
            log.warn("foreman.api.auth.key-pepper is not set: API keys are hashed with the built-in development"
                    + " pepper. Set FOREMAN_API_KEY_PEPPER (the same on every replica) before production use");
        }
        this.tenants = tenants;
        this.hasher = new ApiKeyHasher(auth.effectiveKeyPepper());
        this.clock = clock;
        this.lastUsedInterval = auth.lastUsedInterval();
        this.validKeys = Caffeine.newBuilder()
                .expireAfterWrite(auth.cacheTtl())
                .maximumSize(auth.cacheMaxSize())
                .build();
        this.refusedKeys = Caffeine.newBuilder()
                .expireAfterWrite(auth.negativeCacheTtl())
                .maximumSize(auth.negativeCacheMaxSize())
                .build();
    }

    /** The stored form of a key; what {@code api_keys.key_hmac} holds. */
    public String storedHash(String clearKey) {
        return hasher.hmac(clearKey);
    }

    Optional<ApiKeyPrincipal> authenticate(String clearKey) {
        String hmac = hasher.hmac(clearKey);
        Instant now = clock.instant();
        ApiKeyPrincipal cached = validKeys.getIfPresent(hmac);
        if (cached != null) {
            return cached.expiredAt(now) ? Optional.empty() : Optional.of(cached);
        }
        if (refusedKeys.getIfPresent(hmac) != null) {
            return Optional.empty();
        }
        long evictionsBefore = evictions.get();
        Optional<StoredKey> found = lookUp(clearKey, hmac);
        Optional<ApiKeyPrincipal> usable =
                found.map(StoredKey::principal).filter(principal -> !principal.expiredAt(now));
        if (evictions.get() == evictionsBefore) {
            if (usable.isPresent()) {
                validKeys.put(hmac, usable.get());
            } else {
                refusedKeys.put(hmac, Boolean.TRUE);
            }
        }
        usable.ifPresent(principal -> markUsed(found.get(), now));
        return usable;
    }

    private Optional<StoredKey> lookUp(String clearKey, String hmac) {
        Optional<StoredKey> keyed = tenants.findUsableKeyByHmac(hmac);
        if (keyed.isPresent()) {
            return keyed.filter(key -> ApiKeyHasher.sameHash(key.storedHash(), hmac));
        }
        String legacyHash = ApiKeys.hash(clearKey);
        Optional<StoredKey> legacy = tenants.findUsableKeyByLegacyHash(legacyHash)
                .filter(key -> ApiKeyHasher.sameHash(key.storedHash(), legacyHash));
        if (legacy.isPresent()) {
            tenants.upgradeLegacyHash(legacy.get().id(), hmac);
            return legacy;
        }
        // A concurrent first use of the same key may have re-hashed it between the two lookups.
        return tenants.findUsableKeyByHmac(hmac).filter(key -> ApiKeyHasher.sameHash(key.storedHash(), hmac));
    }

    private void markUsed(StoredKey key, Instant now) {
        if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(now.minus(lastUsedInterval))) {
            tenants.markKeyUsed(key.id(), now);
        }
    }

    /** Forgets every cached answer about this key, on this replica. */
    void evictKey(UUID keyId) {
        evictions.incrementAndGet();
        validKeys.asMap().values().removeIf(principal -> principal.keyId().equals(keyId));
    }

    /**
     * Forgets every cached answer about this tenant's keys, on this replica. Refused keys are all
     * forgotten, since a reactivated tenant's keys may be among them and they are not told apart.
     */
    void evictTenant(UUID tenantId) {
        evictions.incrementAndGet();
        validKeys.asMap().values().removeIf(principal -> principal.tenantId().equals(tenantId));
        refusedKeys.invalidateAll();
    }
}
