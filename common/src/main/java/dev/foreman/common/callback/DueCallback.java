package dev.foreman.common.callback;

import java.util.UUID;

/**
 * A callback claimed for delivery number {@code delivery}, with the tenant's signing secret and,
 * while a rotation's overlap lasts, the secret it replaced (null otherwise).
 */
public record DueCallback(
        long id,
        UUID jobId,
        UUID tenantId,
        String url,
        int delivery,
        String signingSecret,
        String previousSigningSecret) {

    public DueCallback(long id, UUID jobId, UUID tenantId, String url, int delivery, String signingSecret) {
        this(id, jobId, tenantId, url, delivery, signingSecret, null);
    }
}
