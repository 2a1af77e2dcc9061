package dev.foreman.api.keys;

import dev.foreman.api.audit.AuditTrail;
import dev.foreman.api.auth.ApiKeyAuthenticator;
import dev.foreman.api.auth.KeyInvalidations;
import dev.foreman.api.problem.FieldErrors;
import dev.foreman.api.problem.PathIds;
import dev.foreman.common.id.UuidV7;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeyRecord;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.common.tenant.TenantRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, lists and revokes API keys of one tenant, for whichever caller may (the controllers check
 * the role; this checks that an admin only makes keys up to its own role). Each change is audited
 * in its transaction; a revocation reaches every replica's cache once it has committed.
 */
@Component
public class KeyManager {
    static final int MAX_NAME_LENGTH = 200;

    private final TenantRepository tenants;
    private final ApiKeyAuthenticator authenticator;
    private final KeyInvalidations invalidations;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final UuidV7 ids;
    private final Clock clock;

    KeyManager(
            TenantRepository tenants,
            ApiKeyAuthenticator authenticator,
            KeyInvalidations invalidations,
            AuditTrail audit,
            TransactionTemplate tx,
            UuidV7 ids,
            Clock clock) {
        this.tenants = tenants;
        this.authenticator = authenticator;
        this.invalidations = invalidations;
        this.audit = audit;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
    }

    public NewKeyDocument create(ApiKeyPrincipal caller, UUID tenantId, KeyRequest request) {
        Instant now = clock.instant();
        FieldErrors errors = FieldErrors.root();
        if (request == null) {
            errors.reject("name", "is required");
            errors.reject("role", "is required");
            errors.throwIfAny();
        }
        String name = request.name() == null ? null : request.name().strip();
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || hasControlCharacters(name)) {
            errors.reject("name", "must be 1 to " + MAX_NAME_LENGTH + " characters without control characters");
        }
        ApiKeyRole role = role(caller, request.role(), errors);
        Instant expiresAt = expiry(request.expiresAt(), now, errors);
        errors.throwIfAny();

        String key = ApiKeys.newKey();
        UUID id = ids.next();
        ApiKeyRecord stored = tx.execute(status -> {
            ApiKeyRecord inserted = tenants.insertKeyedApiKey(
                    id,
                    tenantId,
                    name,
                    authenticator.storedHash(key),
                    ApiKeys.displayPrefix(key),
                    role,
                    now,
                    expiresAt);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("name", name);
            details.put("role", role.wireName());
            details.put("expires_at", expiresAt == null ? null : expiresAt.toString());
            audit.record(caller, "key.create", tenantId, id, details);
            return inserted;
        });
        return new NewKeyDocument(
                stored.id(),
                stored.tenantId(),
                stored.name(),
                key,
                stored.prefix(),
                stored.role().wireName(),
                stored.createdAt(),
                stored.expiresAt());
    }

    public KeyList list(UUID tenantId) {
        return new KeyList(
                tenants.listKeysOfTenant(tenantId).stream().map(KeyDocument::of).toList());
    }

    /**
     * Revokes a key of {@code tenantId}, or of any tenant when it is null (an operator). Another
     * tenant's key answers 404 as an unknown one does. Revoking twice is not an error.
     */
    public void revoke(ApiKeyPrincipal caller, UUID tenantId, String keyId) {
        UUID id = PathIds.KEY.parse(keyId);
        ApiKeyRecord revoked = tx.execute(status -> {
            ApiKeyRecord key = tenants.findKeyById(id)
                    .filter(found -> tenantId == null || found.tenantId().equals(tenantId))
                    .orElseThrow(() -> PathIds.KEY.notFound(keyId));
            ApiKeyRecord done = tenants.revokeKey(id, clock.instant()).orElseThrow(() -> PathIds.KEY.notFound(keyId));
            audit.record(caller, "key.revoke", key.tenantId(), id, Map.of("name", key.name()));
            return done;
        });
        invalidations.keyChanged(revoked.id());
    }

    private static ApiKeyRole role(ApiKeyPrincipal caller, String wireName, FieldErrors errors) {
        if (wireName == null) {
            errors.reject("role", "is required: one of admin, member, read_only");
            return null;
        }
        ApiKeyRole role;
        try {
            role = ApiKeyRole.fromWireName(wireName);
        } catch (IllegalArgumentException e) {
            errors.reject("role", "must be one of operator, admin, member, read_only");
            return null;
        }
        if (!caller.role().includes(role)) {
            errors.reject(
                    "role",
                    "must be at most this key's own role, " + caller.role().wireName());
        }
        return role;
    }

    private Instant expiry(String text, Instant now, FieldErrors errors) {
        if (text == null) {
            return null;
        }
        try {
            Instant expiresAt = OffsetDateTime.parse(text).toInstant();
            if (!expiresAt.isAfter(now)) {
                errors.reject("expires_at", "must be in the future");
            } else if (expiresAt.isAfter(now.plus(java.time.Duration.ofDays(3650)))) {
                errors.reject("expires_at", "must be within ten years");
            }
            return expiresAt;
        } catch (DateTimeParseException e) {
            errors.reject("expires_at", "must be an RFC 3339 time such as 2027-01-31T00:00:00Z");
            return null;
        }
    }

    private static boolean hasControlCharacters(String text) {
        return text.chars().anyMatch(c -> Character.isISOControl(c) || Character.isSurrogate((char) c));
    }
}
