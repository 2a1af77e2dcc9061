package dev.foreman.api.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.foreman.api.ApiProperties;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.common.tenant.TenantRepository;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Resolves a clear API key to the principal it speaks for. Valid keys are cached briefly because
 * every request asks; invalid ones are not, so a guessed key never fills the cache.
 */
@Component
class ApiKeyAuthenticator {
    private final TenantRepository tenants;
    private final Cache<String, ApiKeyPrincipal> validKeysByHash;

    ApiKeyAuthenticator(TenantRepository tenants, ApiProperties properties) {
        this.tenants = tenants;
        this.validKeysByHash = Caffeine.newBuilder()
                .expireAfterWrite(properties.auth().cacheTtl())
                .maximumSize(properties.auth().cacheMaxSize())
                .build();
    }

    Optional<ApiKeyPrincipal> authenticate(String clearKey) {
        String hash = ApiKeys.hash(clearKey);
        ApiKeyPrincipal cached = validKeysByHash.getIfPresent(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ApiKeyPrincipal> found = tenants.findActiveKeyByHash(hash);
        found.ifPresent(principal -> validKeysByHash.put(hash, principal));
        return found;
    }
}
