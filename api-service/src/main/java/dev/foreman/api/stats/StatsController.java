package dev.foreman.api.stats;

import dev.foreman.api.auth.RequiresRole;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeyRole;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/stats}: the caller's tenant's counts and throughput, and the system's workers and leader. */
@RestController
class StatsController {
    private final StatsReader reader;

    StatsController(StatsReader reader) {
        this.reader = reader;
    }

    @RequiresRole(ApiKeyRole.READ_ONLY)
    @GetMapping("/v1/stats")
    ResponseEntity<StatsDocument> stats(ApiKeyPrincipal caller) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(reader.read(caller.tenantId()));
    }
}
