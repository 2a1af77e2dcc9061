package dev.foreman.common.tenant;

import dev.foreman.common.job.SqlTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The one home of SQL on {@code tenants} and {@code api_keys}. */
public class TenantRepository {
    private final JdbcClient jdbc;

    public TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT_TENANT = """
            INSERT INTO tenants (id, name, signing_secret, created_at)
            VALUES (:id, :name, :signingSecret, :createdAt)
            """;

    public void insertTenant(Tenant tenant) {
        jdbc.sql(INSERT_TENANT)
                .param("id", tenant.id())
                .param("name", tenant.name())
                .param("signingSecret", tenant.signingSecret())
                .param("createdAt", SqlTime.param(tenant.createdAt()))
                .update();
    }

    private static final String INSERT_API_KEY = """
            INSERT INTO api_keys (id, tenant_id, name, key_hash, key_prefix, role, created_at)
            VALUES (:id, :tenantId, :name, :keyHash, :keyPrefix, :role, :createdAt)
            """;

    /**
     * Stores a key made outside the API (test fixtures, the devstack) by its bare SHA-256, as keys
     * were stored before the pepper: the API re-hashes it with the pepper the first time it is used.
     * The clear key is never written.
     */
    public void insertApiKey(UUID id, UUID tenantId, String name, String clearKey, ApiKeyRole role, Instant now) {
        jdbc.sql(INSERT_API_KEY)
                .param("id", id)
                .param("tenantId", tenantId)
                .param("name", name)
                .param("keyHash", ApiKeys.hash(clearKey))
                .param("keyPrefix", ApiKeys.displayPrefix(clearKey))
                .param("role", role.wireName())
                .param("createdAt", SqlTime.param(now))
                .update();
    }

    private static final String INSERT_KEYED_API_KEY = """
            INSERT INTO api_keys (id, tenant_id, name, key_hmac, key_prefix, role, created_at, expires_at)
            VALUES (:id, :tenantId, :name, :keyHmac, :keyPrefix, :role, :createdAt, :expiresAt)
            """;

    /** Stores a key by its peppered HMAC ({@link ApiKeyHasher}); the clear key is never written. */
    public ApiKeyRecord insertKeyedApiKey(
            UUID id,
            UUID tenantId,
            String name,
            String keyHmac,
            String prefix,
            ApiKeyRole role,
            Instant now,
            Instant expiresAt) {
        jdbc.sql(INSERT_KEYED_API_KEY)
                .param("id", id)
                .param("tenantId", tenantId)
                .param("name", name)
                .param("keyHmac", keyHmac)
                .param("keyPrefix", prefix)
                .param("role", role.wireName())
                .param("createdAt", SqlTime.param(now))
                .param("expiresAt", SqlTime.param(expiresAt))
                .update();
        return new ApiKeyRecord(id, tenantId, name, prefix, role, now, null, expiresAt, null);
    }

    private static final String FIND_ACTIVE_KEY_BY_HASH = """
            SELECT id, tenant_id, role
            FROM api_keys
            WHERE key_hash = :keyHash
              AND revoked_at IS NULL
            """;

    /** A key still stored by its bare SHA-256 (see {@link #insertApiKey}), unless revoked. */
    public Optional<ApiKeyPrincipal> findActiveKeyByHash(String keyHash) {
        return jdbc.sql(FIND_ACTIVE_KEY_BY_HASH)
                .param("keyHash", keyHash)
                .query((rs, n) -> new ApiKeyPrincipal(
                        rs.getObject("id", UUID.class),
                        rs.getObject("tenant_id", UUID.class),
                        ApiKeyRole.fromWireName(rs.getString("role"))))
                .optional();
    }

    private static final String FIND_USABLE_KEY_BY_HMAC = """
            SELECT api_keys.id, api_keys.tenant_id, api_keys.role, api_keys.expires_at, api_keys.last_used_at,
                   api_keys.key_hmac AS stored_hash
            FROM api_keys
            JOIN tenants ON tenants.id = api_keys.tenant_id
            WHERE api_keys.key_hmac = :keyHmac
              AND api_keys.revoked_at IS NULL
              AND tenants.state = 'active'
            """;

    /** The key with this HMAC unless it is revoked or its tenant suspended; expiry is the caller's to check. */
    public Optional<StoredKey> findUsableKeyByHmac(String keyHmac) {
        return jdbc.sql(FIND_USABLE_KEY_BY_HMAC)
                .param("keyHmac", keyHmac)
                .query(STORED_KEY)
                .optional();
    }

    private static final String FIND_USABLE_KEY_BY_LEGACY_HASH = """
            SELECT api_keys.id, api_keys.tenant_id, api_keys.role, api_keys.expires_at, api_keys.last_used_at,
                   api_keys.key_hash AS stored_hash
            FROM api_keys
            JOIN tenants ON tenants.id = api_keys.tenant_id
            WHERE api_keys.key_hash = :keyHash
              AND api_keys.key_hmac IS NULL
              AND api_keys.revoked_at IS NULL
              AND tenants.state = 'active'
            """;

    /** As {@link #findUsableKeyByHmac}, for a key still stored by its bare SHA-256. */
    public Optional<StoredKey> findUsableKeyByLegacyHash(String keyHash) {
        return jdbc.sql(FIND_USABLE_KEY_BY_LEGACY_HASH)
                .param("keyHash", keyHash)
                .query(STORED_KEY)
                .optional();
    }

    private static final String UPGRADE_LEGACY_HASH = """
            UPDATE api_keys
            SET key_hmac = :keyHmac,
                key_hash = NULL
            WHERE id = :id
              AND key_hmac IS NULL
            """;

    /** Replaces a key's bare SHA-256 with its peppered HMAC, once the key was seen in clear. */
    public void upgradeLegacyHash(UUID id, String keyHmac) {
        jdbc.sql(UPGRADE_LEGACY_HASH).param("id", id).param("keyHmac", keyHmac).update();
    }

    private static final String MARK_KEY_USED = """
            UPDATE api_keys
            SET last_used_at = :now
            WHERE id = :id
              AND (last_used_at IS NULL OR last_used_at < :now)
            """;

    public void markKeyUsed(UUID id, Instant now) {
        jdbc.sql(MARK_KEY_USED).param("id", id).param("now", SqlTime.param(now)).update();
    }

    private static final String LIST_KEYS_OF_TENANT = """
            SELECT id, tenant_id, name, key_prefix, role, created_at, last_used_at, expires_at, revoked_at
            FROM api_keys
            WHERE tenant_id = :tenantId
            ORDER BY created_at, id
            """;

    /** Every key of a tenant, revoked ones included, oldest first. */
    public List<ApiKeyRecord> listKeysOfTenant(UUID tenantId) {
        return jdbc.sql(LIST_KEYS_OF_TENANT)
                .param("tenantId", tenantId)
                .query(KEY_RECORD)
                .list();
    }

    private static final String FIND_KEY_BY_ID = """
            SELECT id, tenant_id, name, key_prefix, role, created_at, last_used_at, expires_at, revoked_at
            FROM api_keys
            WHERE id = :id
            """;

    public Optional<ApiKeyRecord> findKeyById(UUID id) {
        return jdbc.sql(FIND_KEY_BY_ID).param("id", id).query(KEY_RECORD).optional();
    }

    private static final String REVOKE_KEY = """
            UPDATE api_keys
            SET revoked_at = COALESCE(revoked_at, :now)
            WHERE id = :id
            RETURNING id, tenant_id, name, key_prefix, role, created_at, last_used_at, expires_at, revoked_at
            """;

    /** Revokes a key (a second revocation keeps the first time); empty when there is no such key. */
    public Optional<ApiKeyRecord> revokeKey(UUID id, Instant now) {
        return jdbc.sql(REVOKE_KEY)
                .param("id", id)
                .param("now", SqlTime.param(now))
                .query(KEY_RECORD)
                .optional();
    }

    private static final String FIND_TENANT_BY_NAME = """
            SELECT id, name, signing_secret, created_at
            FROM tenants
            WHERE name = :name
            """;

    public Optional<Tenant> findTenantByName(String name) {
        return jdbc.sql(FIND_TENANT_BY_NAME).param("name", name).query(TENANT).optional();
    }

    private static final String FIND_TENANT_BY_ID = """
            SELECT id, name, signing_secret, created_at
            FROM tenants
            WHERE id = :id
            """;

    public Optional<Tenant> findTenantById(UUID id) {
        return jdbc.sql(FIND_TENANT_BY_ID).param("id", id).query(TENANT).optional();
    }

    private static final String LIST_TENANTS = """
            SELECT id, name, state, created_at, updated_at, requests_per_second, max_active_jobs, max_schedules
            FROM tenants
            ORDER BY created_at, id
            LIMIT :limit
            """;

    /** Tenants, oldest first. */
    public List<TenantAccount> listTenants(int limit) {
        return jdbc.sql(LIST_TENANTS).param("limit", limit).query(ACCOUNT).list();
    }

    private static final String FIND_ACCOUNT_BY_ID = """
            SELECT id, name, state, created_at, updated_at, requests_per_second, max_active_jobs, max_schedules
            FROM tenants
            WHERE id = :id
            """;

    public Optional<TenantAccount> findAccountById(UUID id) {
        return jdbc.sql(FIND_ACCOUNT_BY_ID).param("id", id).query(ACCOUNT).optional();
    }

    private static final String LOCK_ACCOUNT_BY_ID = """
            SELECT id, name, state, created_at, updated_at, requests_per_second, max_active_jobs, max_schedules
            FROM tenants
            WHERE id = :id
            FOR NO KEY UPDATE
            """;

    /**
     * The tenant, locked until the transaction ends against other changes of it (not against rows
     * that refer to it), so that two changes of its quotas each apply to what the other wrote.
     */
    public Optional<TenantAccount> lockAccountById(UUID id) {
        return jdbc.sql(LOCK_ACCOUNT_BY_ID).param("id", id).query(ACCOUNT).optional();
    }

    private static final String UPDATE_TENANT_STATE = """
            UPDATE tenants
            SET state = :state,
                updated_at = :now
            WHERE id = :id
            RETURNING id, name, state, created_at, updated_at, requests_per_second, max_active_jobs, max_schedules
            """;

    /**
     * Sets a tenant's state (suspends, reactivates, or keeps it) and its update time; empty when there
     * is no such tenant.
     */
    public Optional<TenantAccount> updateTenantState(UUID id, TenantState state, Instant now) {
        return jdbc.sql(UPDATE_TENANT_STATE)
                .param("id", id)
                .param("state", state.wireName())
                .param("now", SqlTime.param(now))
                .query(ACCOUNT)
                .optional();
    }

    private static final String ROTATE_SIGNING_SECRET = """
            UPDATE tenants
            SET previous_signing_secret = signing_secret,
                previous_secret_expires_at = :previousExpiresAt,
                signing_secret = :newSecret,
                updated_at = :now
            WHERE id = :id
            RETURNING signing_secret, previous_signing_secret, previous_secret_expires_at
            """;

    /**
     * Makes {@code newSecret} the tenant's signing secret; the one it replaces keeps signing beside
     * it until {@code previousExpiresAt}. A secret from an earlier rotation still in its overlap is
     * dropped: only the last two secrets ever sign.
     */
    public Optional<SigningSecrets> rotateSigningSecret(
            UUID id, String newSecret, Instant now, Instant previousExpiresAt) {
        return jdbc.sql(ROTATE_SIGNING_SECRET)
                .param("id", id)
                .param("newSecret", newSecret)
                .param("now", SqlTime.param(now))
                .param("previousExpiresAt", SqlTime.param(previousExpiresAt))
                .query((rs, n) -> new SigningSecrets(
                        rs.getString("signing_secret"),
                        rs.getString("previous_signing_secret"),
                        SqlTime.read(rs, "previous_secret_expires_at")))
                .optional();
    }

    private static final String LOCK_FOR_BOOTSTRAP = """
            SELECT pg_advisory_xact_lock(hashtext('foreman.bootstrap'))
            """;

    /** Serializes first-start bootstrap across replicas; held until the transaction ends. */
    public void lockForBootstrap() {
        jdbc.sql(LOCK_FOR_BOOTSTRAP).query().singleValue();
    }

    private static final String COUNT_API_KEYS = """
            SELECT count(*)
            FROM api_keys
            """;

    public long countApiKeys() {
        return jdbc.sql(COUNT_API_KEYS).query(Long.class).single();
    }

    private static final RowMapper<TenantAccount> ACCOUNT = (rs, n) -> new TenantAccount(
            rs.getObject("id", UUID.class),
            rs.getString("name"),
            TenantState.fromWireName(rs.getString("state")),
            SqlTime.read(rs, "created_at"),
            SqlTime.read(rs, "updated_at"),
            new TenantQuotas(
                    rs.getObject("requests_per_second", Integer.class),
                    rs.getObject("max_active_jobs", Long.class),
                    rs.getObject("max_schedules", Integer.class)));

    private static final RowMapper<ApiKeyRecord> KEY_RECORD = (rs, n) -> new ApiKeyRecord(
            rs.getObject("id", UUID.class),
            rs.getObject("tenant_id", UUID.class),
            rs.getString("name"),
            rs.getString("key_prefix"),
            ApiKeyRole.fromWireName(rs.getString("role")),
            SqlTime.read(rs, "created_at"),
            SqlTime.read(rs, "last_used_at"),
            SqlTime.read(rs, "expires_at"),
            SqlTime.read(rs, "revoked_at"));

    private static final RowMapper<StoredKey> STORED_KEY = (rs, n) -> new StoredKey(
            new ApiKeyPrincipal(
                    rs.getObject("id", UUID.class),
                    rs.getObject("tenant_id", UUID.class),
                    ApiKeyRole.fromWireName(rs.getString("role")),
                    SqlTime.read(rs, "expires_at")),
            rs.getString("stored_hash"),
            SqlTime.read(rs, "last_used_at"));

    private static final RowMapper<Tenant> TENANT = (rs, n) -> new Tenant(
            rs.getObject("id", UUID.class),
            rs.getString("name"),
            rs.getString("signing_secret"),
            SqlTime.read(rs, "created_at"));
}
