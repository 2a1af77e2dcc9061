package dev.foreman.api.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.foreman.common.audit.AuditEntry;
import java.time.Instant;
import java.util.UUID;

/** One audit entry as {@code GET /v1/admin/audit} shows it. */
record AuditEntryView(
        UUID id,
        Instant at,
        UUID actorKeyId,
        UUID actorTenantId,
        String actorRole,
        String action,
        UUID targetTenantId,
        UUID targetId,
        @JsonRawValue String details,
        String remoteAddress) {

    static AuditEntryView of(AuditEntry entry) {
        return new AuditEntryView(
                entry.id(),
                entry.at(),
                entry.actorKeyId(),
                entry.actorTenantId(),
                entry.actorRole(),
                entry.action(),
                entry.targetTenantId(),
                entry.targetId(),
                entry.detailsJson(),
                entry.remoteAddress());
    }
}
