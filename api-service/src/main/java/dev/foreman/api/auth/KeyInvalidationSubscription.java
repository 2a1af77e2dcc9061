package dev.foreman.api.auth;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * This replica's subscription to the other replicas' key and tenant invalidations. It never keeps
 * the api-service from starting: when Redis does not answer at start (Spring's listener container
 * then throws, which would fail the whole context), it logs once and tries again every {@code
 * retryEvery} in the background until the subscription stands. Once it stands, the container
 * itself resubscribes after Redis restarts. Until then this replica sees another replica's
 * revocation within {@code foreman.api.auth.cache-ttl}, as when an announcement is lost.
 */
final class KeyInvalidationSubscription implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(KeyInvalidationSubscription.class);

    private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();
    private final Duration retryEvery;
    private ScheduledExecutorService retries; // guarded by this
    private boolean running; // guarded by this
    private boolean subscribed; // guarded by this

    KeyInvalidationSubscription(
            RedisConnectionFactory connections, KeyInvalidations invalidations, Duration retryEvery) {
        this.retryEvery = retryEvery;
        container.setConnectionFactory(connections);
        container.addMessageListener(invalidations, new ChannelTopic(KeyInvalidations.CHANNEL));
        container.setRecoveryInterval(retryEvery.toMillis());
        container.afterPropertiesSet();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (!trySubscribe()) {
            log.warn(
                    "Not subscribed to key invalidations: Redis did not answer; trying again every {} (until then"
                            + " other replicas' revocations reach this one within the auth cache TTL)",
                    retryEvery);
            retries = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "foreman-key-invalidation-subscribe");
                thread.setDaemon(true);
                return thread;
            });
            retries.scheduleWithFixedDelay(
                    this::retry, retryEvery.toMillis(), retryEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void retry() {
        if (running && !subscribed && trySubscribe()) {
            log.info("Subscribed to key invalidations");
            retries.shutdown();
        }
    }

    /** Whether the subscription stands; a failed try leaves the container stopped for the next. */
    private boolean trySubscribe() {
        try {
            container.start();
            subscribed = true;
            return true;
        } catch (RuntimeException e) {
            log.debug("Subscribing to key invalidations failed", e);
            container.stop();
            return false;
        }
    }

    /** Whether this replica hears other replicas' invalidations now. */
    synchronized boolean subscribed() {
        return subscribed && container.isListening();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (retries != null) {
            retries.shutdownNow();
            retries = null;
        }
        container.stop();
        subscribed = false;
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    /** Stops the container's own threads and connection when the context closes. */
    void close() throws Exception {
        stop();
        container.destroy();
    }
}
