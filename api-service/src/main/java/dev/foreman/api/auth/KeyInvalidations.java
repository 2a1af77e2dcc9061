package dev.foreman.api.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Tells every api-service replica to forget what it cached about a key or a tenant, through a Redis
 * pub/sub channel; this replica forgets at once, before publishing. Messages carry ids only, never
 * a key. Redis down: the publish fails, is logged and counted, and the other replicas' caches drop
 * the entry within {@code foreman.api.auth.cache-ttl}; the change itself is already in Postgres.
 */
public class KeyInvalidations implements MessageListener {
    /** The pub/sub channel every replica listens on. */
    public static final String CHANNEL = "foreman:auth:invalidations";

    private static final Logger log = LoggerFactory.getLogger(KeyInvalidations.class);
    private static final String KEY = "key:";
    private static final String TENANT = "tenant:";

    private final ApiKeyAuthenticator authenticator;
    private final StringRedisTemplate redis;
    private final Counter publishFailures;

    KeyInvalidations(ApiKeyAuthenticator authenticator, StringRedisTemplate redis, MeterRegistry meters) {
        this.authenticator = authenticator;
        this.redis = redis;
        this.publishFailures = Counter.builder("foreman.api.auth.invalidation.failures")
                .description("Key or tenant changes that could not be announced to the other replicas"
                        + " through Redis; they see the change within foreman.api.auth.cache-ttl")
                .register(meters);
    }

    /** After a key was revoked (or its expiry changed). */
    public void keyChanged(UUID keyId) {
        authenticator.evictKey(keyId);
        publish(KEY + keyId);
    }

    /** After a tenant was suspended or reactivated. */
    public void tenantChanged(UUID tenantId) {
        authenticator.evictTenant(tenantId);
        publish(TENANT + tenantId);
    }

    private void publish(String message) {
        try {
            redis.convertAndSend(CHANNEL, message);
        } catch (RuntimeException e) {
            publishFailures.increment();
            log.warn(
                    "Could not announce an auth change ({}) through Redis; other replicas see it within the"
                            + " auth cache TTL: {}",
                    message,
                    e.toString());
        }
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        String body = new String(message.getBody(), StandardCharsets.UTF_8);
        try {
            if (body.startsWith(KEY)) {
                authenticator.evictKey(UUID.fromString(body.substring(KEY.length())));
            } else if (body.startsWith(TENANT)) {
                authenticator.evictTenant(UUID.fromString(body.substring(TENANT.length())));
            }
        } catch (IllegalArgumentException e) {
            log.warn("Ignored a malformed auth invalidation on {}", CHANNEL);
        }
    }
}
