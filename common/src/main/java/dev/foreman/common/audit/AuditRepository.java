package dev.foreman.common.audit;

import dev.foreman.common.job.SqlTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The one home of SQL on {@code audit_log}. */
public class AuditRepository {
    private final JdbcClient jdbc;

    public AuditRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT_ENTRY = """
            INSERT INTO audit_log (id, at, actor_key_id, actor_tenant_id, actor_role, action, target_tenant_id,
                                   target_id, details, remote_address)
            VALUES (:id, :at, :actorKeyId, :actorTenantId, :actorRole, :action, :targetTenantId,
                    :targetId, CAST(:details AS jsonb), :remoteAddress)
            """;

    public void insertEntry(AuditEntry entry) {
        jdbc.sql(INSERT_ENTRY)
                .param("id", entry.id())
                .param("at", SqlTime.param(entry.at()))
                .param("actorKeyId", entry.actorKeyId())
                .param("actorTenantId", entry.actorTenantId())
                .param("actorRole", entry.actorRole())
                .param("action", entry.action())
                .param("targetTenantId", entry.targetTenantId())
                .param("targetId", entry.targetId())
                .param("details", entry.detailsJson())
                .param("remoteAddress", entry.remoteAddress())
                .update();
    }

    private static final String LIST_ENTRIES = """
            SELECT id, at, actor_key_id, actor_tenant_id, actor_role, action, target_tenant_id, target_id,
                   details::text AS details, remote_address
            FROM audit_log
            WHERE (CAST(:tenantId AS uuid) IS NULL OR target_tenant_id = :tenantId OR actor_tenant_id = :tenantId)
              AND (CAST(:before AS timestamptz) IS NULL OR (at, id) < (:before, :beforeId))
            ORDER BY at DESC, id DESC
            LIMIT :limit
            """;

    /**
     * The newest entries first, optionally only those acting on or by one tenant, optionally only
     * those older than the entry ({@code before}, {@code beforeId}) a previous page ended with.
     */
    public List<AuditEntry> listEntries(UUID tenantId, Instant before, UUID beforeId, int limit) {
        return jdbc.sql(LIST_ENTRIES)
                .param("tenantId", tenantId)
                .param("before", SqlTime.param(before))
                .param("beforeId", beforeId)
                .param("limit", limit)
                .query(ENTRY)
                .list();
    }

    private static final RowMapper<AuditEntry> ENTRY = (rs, n) -> new AuditEntry(
            rs.getObject("id", UUID.class),
            SqlTime.read(rs, "at"),
            rs.getObject("actor_key_id", UUID.class),
            rs.getObject("actor_tenant_id", UUID.class),
            rs.getString("actor_role"),
            rs.getString("action"),
            rs.getObject("target_tenant_id", UUID.class),
            rs.getObject("target_id", UUID.class),
            rs.getString("details"),
            rs.getString("remote_address"));
}
