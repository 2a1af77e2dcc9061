package dev.foreman.api.admin;

import dev.foreman.api.audit.AuditTrail;
import dev.foreman.api.auth.KeyInvalidations;
import dev.foreman.api.auth.RequiresRole;
import dev.foreman.api.limits.TenantLimits;
import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.FieldErrors;
import dev.foreman.api.problem.PathIds;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.id.UuidV7;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.common.tenant.Tenant;
import dev.foreman.common.tenant.TenantAccount;
import dev.foreman.common.tenant.TenantQuotaRepository;
import dev.foreman.common.tenant.TenantQuotas;
import dev.foreman.common.tenant.TenantRepository;
import dev.foreman.common.tenant.TenantState;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/admin/tenants}: create, list, read, suspend and reactivate tenants, and set their quotas. */
@RestController
@RequestMapping("/v1/admin/tenants")
@RequiresRole(ApiKeyRole.OPERATOR)
class TenantAdminController {
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_LISTED = 10_000;

    private final TenantRepository tenants;
    private final TenantQuotaRepository quotas;
    private final TenantLimits limits;
    private final KeyInvalidations invalidations;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final UuidV7 ids;
    private final Clock clock;

    TenantAdminController(
            TenantRepository tenants,
            TenantQuotaRepository quotas,
            TenantLimits limits,
            KeyInvalidations invalidations,
            AuditTrail audit,
            TransactionTemplate tx,
            UuidV7 ids,
            Clock clock) {
        this.tenants = tenants;
        this.quotas = quotas;
        this.limits = limits;
        this.invalidations = invalidations;
        this.audit = audit;
        this.tx = tx;
        this.ids = ids;
        this.clock = clock;
    }

    /** 201 with the new tenant, active; it has no keys until one is created for it. */
    @PostMapping
    ResponseEntity<TenantAdminDocument> create(
            ApiKeyPrincipal caller, @RequestBody(required = false) TenantRequest request) {
        FieldErrors errors = FieldErrors.root();
        String name = request == null || request.name() == null
                ? null
                : request.name().strip();
        if (name == null
                || name.isEmpty()
                || name.length() > MAX_NAME_LENGTH
                || name.chars().anyMatch(c -> Character.isISOControl(c) || Character.isSurrogate((char) c))) {
            errors.reject("name", "must be 1 to " + MAX_NAME_LENGTH + " characters without control characters");
        }
        if (request != null && request.state() != null) {
            errors.reject("state", "is set with PATCH /v1/admin/tenants/{id}; a new tenant is active");
        }
        QuotaChange quotas = request == null ? null : QuotaChange.parse(request.quotas(), errors);
        errors.throwIfAny();
        Instant now = clock.instant();
        Tenant tenant = new Tenant(ids.next(), name, ApiKeys.newSigningSecret(), now);
        try {
            tx.executeWithoutResult(status -> {
                tenants.insertTenant(tenant);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("name", name);
                if (quotas != null) {
                    TenantQuotas own = quotas.applyTo(TenantQuotas.DEFAULTS);
                    this.quotas.updateQuotas(tenant.id(), own);
                    details.put("quotas", QuotaChange.describe(own));
                }
                audit.record(caller, "tenant.create", tenant.id(), null, details);
            });
        } catch (DuplicateKeyException e) {
            throw new ApiProblem(
                    ProblemCode.TENANT_NAME_TAKEN,
                    "A tenant named '" + name + "' exists already. Choose another name, or find it with GET"
                            + " /v1/admin/tenants.");
        }
        TenantAccount created = tenants.findAccountById(tenant.id()).orElseThrow();
        return ResponseEntity.created(URI.create("/v1/admin/tenants/" + tenant.id()))
                .body(TenantAdminDocument.of(created));
    }

    @GetMapping
    TenantAdminDocument.TenantList list() {
        return new TenantAdminDocument.TenantList(tenants.listTenants(MAX_LISTED).stream()
                .map(TenantAdminDocument::of)
                .toList());
    }

    @GetMapping("/{id}")
    TenantAdminDocument get(@PathVariable String id) {
        return TenantAdminDocument.of(find(id));
    }

    /**
     * Suspends ({@code state: suspended}) or reactivates a tenant, and changes its quotas. A suspended
     * tenant's keys answer 401 on every replica within a second; its jobs stay as they are. A changed
     * quota applies on this replica at once and on the others within {@code
     * foreman.api.limits.tenant-cache-ttl}.
     */
    @PatchMapping("/{id}")
    TenantAdminDocument update(
            ApiKeyPrincipal caller, @PathVariable String id, @RequestBody(required = false) TenantRequest change) {
        UUID tenantId = PathIds.TENANT.parse(id);
        FieldErrors errors = FieldErrors.root();
        TenantState state = null;
        if (change == null || (change.state() == null && change.quotas() == null)) {
            errors.reject("state", "or quotas is required: state active or suspended, quotas an object");
        } else if (change.state() != null) {
            try {
                state = TenantState.fromWireName(change.state());
            } catch (IllegalArgumentException e) {
                errors.reject("state", "must be active or suspended");
            }
        }
        if (change != null && change.name() != null) {
            errors.reject("name", "cannot be changed");
        }
        if (state == TenantState.SUSPENDED && tenantId.equals(caller.tenantId())) {
            // It would lock out the operator key making the call, and with it every tenant's management.
            errors.reject("state", "cannot suspend the tenant of the operator key making the request");
        }
        QuotaChange quotaChange = change == null ? null : QuotaChange.parse(change.quotas(), errors);
        errors.throwIfAny();
        TenantState newState = state;
        TenantAccount updated = tx.execute(status -> {
            TenantAccount current = tenants.lockAccountById(tenantId).orElseThrow(() -> PathIds.TENANT.notFound(id));
            if (quotaChange != null) {
                TenantQuotas own = quotaChange.applyTo(current.quotas());
                quotas.updateQuotas(tenantId, own);
                audit.record(caller, "tenant.quotas", tenantId, null, QuotaChange.describe(own));
            }
            if (newState != null) {
                audit.record(
                        caller,
                        newState == TenantState.SUSPENDED ? "tenant.suspend" : "tenant.activate",
                        tenantId,
                        null,
                        Map.of("state", newState.wireName()));
            }
            return tenants.updateTenantState(tenantId, newState == null ? current.state() : newState, clock.instant())
                    .orElseThrow(() -> PathIds.TENANT.notFound(id));
        });
        if (quotaChange != null) {
            limits.forget(tenantId);
        }
        if (newState != null) {
            invalidations.tenantChanged(tenantId);
        }
        return TenantAdminDocument.of(updated);
    }

    private TenantAccount find(String id) {
        return tenants.findAccountById(PathIds.TENANT.parse(id)).orElseThrow(() -> PathIds.TENANT.notFound(id));
    }
}
