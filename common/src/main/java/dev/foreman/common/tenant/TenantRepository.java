package dev.foreman.common.tenant;

import dev.foreman.common.job.SqlTime;
import java.time.Instant;
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

    /** Stores a key by its hash; the clear key is never written. */
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

    private static final String FIND_ACTIVE_KEY_BY_HASH = """
            SELECT id, tenant_id, role
            FROM api_keys
            WHERE key_hash = :keyHash
              AND revoked_at IS NULL
            """;

    public Optional<ApiKeyPrincipal> findActiveKeyByHash(String keyHash) {
        return jdbc.sql(FIND_ACTIVE_KEY_BY_HASH)
                .param("keyHash", keyHash)
                .query((rs, n) -> new ApiKeyPrincipal(
                        rs.getObject("id", UUID.class),
                        rs.getObject("tenant_id", UUID.class),
                        ApiKeyRole.fromWireName(rs.getString("role"))))
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

    private static final RowMapper<Tenant> TENANT = (rs, n) -> new Tenant(
            rs.getObject("id", UUID.class),
            rs.getString("name"),
            rs.getString("signing_secret"),
            SqlTime.read(rs, "created_at"));
}
