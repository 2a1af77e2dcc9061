package dev.foreman.api.tenant;

import dev.foreman.api.ApiProperties;
import dev.foreman.api.audit.AuditTrail;
import dev.foreman.api.auth.RequiresRole;
import dev.foreman.api.jobs.WireDuration;
import dev.foreman.api.problem.ApiProblem;
import dev.foreman.api.problem.FieldErrors;
import dev.foreman.api.problem.ProblemCode;
import dev.foreman.common.tenant.ApiKeyPrincipal;
import dev.foreman.common.tenant.ApiKeyRole;
import dev.foreman.common.tenant.ApiKeys;
import dev.foreman.common.tenant.SigningSecrets;
import dev.foreman.common.tenant.TenantRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/tenant/signing-secret/rotate}: a new signing secret for the caller's tenant. The
 * secret it replaces keeps signing beside it for the overlap ({@code foreman.api.signing-secret-overlap},
 * 24 h by default, or the body's {@code overlap}), so every dispatch and callback meanwhile carries
 * both signatures and targets can move to the new secret at their pace.
 */
@RestController
class SigningSecretRotation {
    static final Duration MAX_OVERLAP = Duration.ofDays(30);

    private final TenantRepository tenants;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Duration defaultOverlap;
    private final Clock clock;

    SigningSecretRotation(
            TenantRepository tenants, AuditTrail audit, TransactionTemplate tx, ApiProperties properties, Clock clock) {
        this.tenants = tenants;
        this.audit = audit;
        this.tx = tx;
        this.defaultOverlap = properties.signingSecretOverlap();
        this.clock = clock;
    }

    @RequiresRole(ApiKeyRole.ADMIN)
    @PostMapping("/v1/tenant/signing-secret/rotate")
    ResponseEntity<RotatedSecret> rotate(
            ApiKeyPrincipal caller, @RequestBody(required = false) RotationRequest request) {
        Duration overlap = overlap(request);
        Instant now = clock.instant();
        SigningSecrets secrets = tx.execute(status -> {
            SigningSecrets rotated = tenants.rotateSigningSecret(
                            caller.tenantId(), ApiKeys.newSigningSecret(), now, now.plus(overlap))
                    .orElseThrow(() -> new ApiProblem(
                            ProblemCode.NOT_FOUND, "This API key's tenant no longer exists. Ask the operator."));
            audit.record(
                    caller, "signing_secret.rotate", caller.tenantId(), null, Map.of("overlap", overlap.toString()));
            return rotated;
        });
        // A secret must not linger in shared or browser caches.
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new RotatedSecret(secrets.current(), secrets.previousExpiresAt()));
    }

    private Duration overlap(RotationRequest request) {
        if (request == null || request.overlap() == null) {
            return defaultOverlap;
        }
        FieldErrors errors = FieldErrors.root();
        Duration overlap = null;
        try {
            overlap = WireDuration.parse(request.overlap());
        } catch (IllegalArgumentException e) {
            // answered below
        }
        if (overlap == null || overlap.compareTo(MAX_OVERLAP) > 0) {
            errors.reject("overlap", "must be a duration from 0s to 30d, such as PT24H or 24h");
        }
        errors.throwIfAny();
        return overlap;
    }

    /** @param overlap how long the replaced secret keeps signing; the setting's default when absent */
    record RotationRequest(String overlap) {}

    /**
     * @param signingSecret the new secret
     * @param previousSecretExpiresAt until when the replaced secret still signs beside it
     */
    record RotatedSecret(String signingSecret, Instant previousSecretExpiresAt) {}
}
