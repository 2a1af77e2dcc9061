package dev.foreman.api.audit;

import dev.foreman.common.audit.AuditEntry;
import dev.foreman.common.audit.AuditRepository;
import dev.foreman.common.id.UuidV7;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes who did what to which tenant or key, when, and from which address. Called inside the
 * action's transaction, so an action and its entry are stored together or not at all. Details hold
 * roles, names and states, never a key or a secret.
 */
@Component
public class AuditTrail {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditRepository audit;
    private final UuidV7 ids;
    private final Clock clock;

    AuditTrail(AuditRepository audit, UuidV7 ids, Clock clock) {
        this.audit = audit;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * @param action what was done, {@code <object>.<verb>}: {@code tenant.create}, {@code key.revoke}
     * @param targetTenantId the tenant acted on
     * @param targetId the key or other object acted on; null when it is the tenant itself
     */
    public void record(
            ApiKeyPrincipal actor, String action, UUID targetTenantId, UUID targetId, Map<String, ?> details) {
        audit.insertEntry(new AuditEntry(
                ids.next(),
                clock.instant(),
                actor == null ? null : actor.keyId(),
                actor == null ? null : actor.tenantId(),
                actor == null ? null : actor.role().wireName(),
                action,
                targetTenantId,
                targetId,
                JSON.writeValueAsString(details),
                remoteAddress()));
    }

    private static String remoteAddress() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes instanceof ServletRequestAttributes servlet
                ? servlet.getRequest().getRemoteAddr()
                : null;
    }
}
