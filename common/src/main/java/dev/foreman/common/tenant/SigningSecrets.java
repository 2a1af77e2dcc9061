package dev.foreman.common.tenant;

import java.time.Instant;

/**
 * A tenant's signing secrets after a rotation: the current one, and the one it replaced until
 * {@code previousExpiresAt} (null when there is no rotation in its overlap).
 */
public record SigningSecrets(String current, String previous, Instant previousExpiresAt) {}
