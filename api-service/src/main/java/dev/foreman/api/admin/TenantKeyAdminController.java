package dev.foreman.api.admin;

import dev.foreman.api.auth.RequiresRole;
import dev.foreman.api.keys.KeyList;
import dev.foreman.api.keys.KeyManager;
import dev.foreman.api.keys.KeyRequest;
import dev.foreman.api.keys.NewKeyDocument;
import dev.foreman.api.problem.PathIds;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.common.tenant.TenantRepository;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Any tenant's keys, for operators: {@code /v1/admin/tenants/{id}/keys} and {@code /v1/admin/keys/{id}}. */
@RestController
@RequiresRole(ApiKeyRole.OPERATOR)
class TenantKeyAdminController {
    private final KeyManager keys;
    private final TenantRepository tenants;

    TenantKeyAdminController(KeyManager keys, TenantRepository tenants) {
        this.keys = keys;
        this.tenants = tenants;
    }

    @PostMapping("/v1/admin/tenants/{tenantId}/keys")
    ResponseEntity<NewKeyDocument> create(
            ApiKeyPrincipal caller, @PathVariable String tenantId, @RequestBody(required = false) KeyRequest request) {
        NewKeyDocument created = keys.create(caller, existingTenant(tenantId), request);
        return ResponseEntity.created(URI.create("/v1/admin/keys/" + created.id()))
                .cacheControl(CacheControl.noStore())
                .body(created);
    }

    @GetMapping("/v1/admin/tenants/{tenantId}/keys")
    KeyList list(@PathVariable String tenantId) {
        return keys.list(existingTenant(tenantId));
    }

    /** 204; the key answers 401 on every replica within a second. */
    @DeleteMapping("/v1/admin/keys/{id}")
    ResponseEntity<Void> revoke(ApiKeyPrincipal caller, @PathVariable String id) {
        keys.revoke(caller, null, id);
        return ResponseEntity.noContent().build();
    }

    private UUID existingTenant(String tenantId) {
        UUID id = PathIds.TENANT.parse(tenantId);
        return tenants.findAccountById(id)
                .map(tenant -> tenant.id())
                .orElseThrow(() -> PathIds.TENANT.notFound(tenantId));
    }
}
