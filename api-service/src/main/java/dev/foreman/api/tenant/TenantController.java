package dev.foreman.api.tenant;

import dev.foreman.api.auth.RequiresRole;
import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.common.tenant.TenantRepository;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/tenant}: the caller's tenant with its signing secret. Admin keys only, because the
 * secret lets its holder forge requests that targets trust as Foreman's; a member key answers 403
 * rather than 404 since the tenant is its own and hiding it would only confuse.
 */
@RestController
class TenantController {
    private final TenantRepository tenants;

    TenantController(TenantRepository tenants) {
        this.tenants = tenants;
    }

    @RequiresRole(ApiKeyRole.ADMIN)
    @GetMapping("/v1/tenant")
    ResponseEntity<TenantDocument> get(ApiKeyPrincipal caller) {
        TenantDocument tenant = tenants.findTenantById(caller.tenantId())
                .map(TenantDocument::of)
                .orElseThrow(() -> new ApiProblem(
                        ProblemCode.NOT_FOUND, "This API key's tenant no longer exists. Ask the operator."));
        // A secret must not linger in shared or browser caches.
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(tenant);
    }
}
