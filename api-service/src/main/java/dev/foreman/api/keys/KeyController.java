package dev.foreman.api.keys;

import dev.foreman.api.auth.RequiresRole;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeyRole;
import java.net.URI;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/keys}: a tenant admin's own tenant's keys. */
@RestController
@RequestMapping("/v1/keys")
@RequiresRole(ApiKeyRole.ADMIN)
class KeyController {
    private final KeyManager keys;

    KeyController(KeyManager keys) {
        this.keys = keys;
    }

    /** 201 with the new key; the key itself is shown in this answer only. */
    @PostMapping
    ResponseEntity<NewKeyDocument> create(ApiKeyPrincipal caller, @RequestBody(required = false) KeyRequest request) {
        NewKeyDocument created = keys.create(caller, caller.tenantId(), request);
        return ResponseEntity.created(URI.create("/v1/keys/" + created.id()))
                .cacheControl(CacheControl.noStore())
                .body(created);
    }

    @GetMapping
    KeyList list(ApiKeyPrincipal caller) {
        return keys.list(caller.tenantId());
    }

    /** 204; the key answers 401 on every replica within a second. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(ApiKeyPrincipal caller, @PathVariable String id) {
        keys.revoke(caller, caller.tenantId(), id);
        return ResponseEntity.noContent().build();
    }
}
