package dev.foreman.api.audit;

import dev.foreman.api.auth.RequiresRole;
import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.InvalidField;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.audit.AuditEntry;
import dev.foreman.common.audit.AuditRepository;
import dev.foreman.common.tenant.ApiKeyRole;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/admin/audit?tenant_id=&limit=&cursor=}: the audit log for operators, newest first,
 * optionally only the entries acting on or by one tenant.
 */
@RestController
@RequiresRole(ApiKeyRole.OPERATOR)
class AuditController {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** After every time an entry can have, and before the end of Postgres's range (year 294276). */
    private static final Instant LATEST_ENTRY_TIME = Instant.parse("+10000-01-01T00:00:00Z");

    private final AuditRepository audit;

    AuditController(AuditRepository audit) {
        this.audit = audit;
    }

    @GetMapping("/v1/admin/audit")
    AuditPage list(
            @RequestParam(name = "tenant_id", required = false) String tenantId,
            @RequestParam(name = "limit", required = false) String limit,
            @RequestParam(name = "cursor", required = false) String cursor) {
        UUID tenant = tenantId == null ? null : uuid("tenant_id", tenantId);
        int size = limit(limit);
        Instant before = null;
        UUID beforeId = null;
        if (cursor != null) {
            String[] parts = decode(cursor);
            before = Instant.parse(parts[0]);
            beforeId = UUID.fromString(parts[1]);
        }
        List<AuditEntry> found = audit.listEntries(tenant, before, beforeId, size + 1);
        boolean more = found.size() > size;
        List<AuditEntry> page = more ? found.subList(0, size) : found;
        String next = more ? encode(page.getLast()) : null;
        return new AuditPage(page.stream().map(AuditEntryView::of).toList(), next);
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalidParameter("limit", "must be 1 to " + MAX_LIMIT);
    }

    private static UUID uuid(String name, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw invalidParameter(name, "must be a UUID");
        }
    }

    private static ApiProblem invalidParameter(String name, String message) {
        return new ApiProblem(
                ProblemCode.INVALID_PARAMETER,
                ProblemCode.INVALID_PARAMETER.defaultDetail(),
                List.of(new InvalidField(name, message)));
    }

    private static String encode(AuditEntry last) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((last.at() + "|" + last.id()).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            // An entry's time is within Postgres's range; a made-up one beyond it would fail the query.
            if (parts.length == 2 && isWithinEntryTimes(Instant.parse(parts[0]))) {
                UUID.fromString(parts[1]);
                return parts;
            }
        } catch (RuntimeException e) {
            // answered below
        }
        throw new ApiProblem(ProblemCode.INVALID_CURSOR);
    }

    private static boolean isWithinEntryTimes(Instant at) {
        return !at.isBefore(Instant.EPOCH) && at.isBefore(LATEST_ENTRY_TIME);
    }

    record AuditPage(List<AuditEntryView> items, String nextCursor) {}
}
