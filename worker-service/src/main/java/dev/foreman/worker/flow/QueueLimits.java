package dev.foreman.worker.flow;

import dev.foreman.common.queue.QueueRepository;
import dev.foreman.common.queue.QueueSettings;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The queue settings this worker enforces, read from Postgres and trusted for
 * {@link FlowProperties#settingsTtl()}: a changed limit holds across the fleet within that time.
 */
@Component
class QueueLimits {
    private final QueueRepository queues;
    private final long ttlNanos;
    private final Map<Key, Cached> cache = new ConcurrentHashMap<>();

    QueueLimits(QueueRepository queues, FlowProperties properties) {
        this.queues = queues;
        this.ttlNanos = properties.settingsTtl().toNanos();
    }

    QueueSettings of(UUID tenantId, String queue) {
        long now = System.nanoTime();
        Key key = new Key(tenantId, queue);
        Cached cached = cache.get(key);
        if (cached == null || now - cached.readAt() > ttlNanos) {
            if (cache.size() > 100_000) {
                cache.clear(); // a bound, never reached by a sane number of queues
            }
            QueueSettings settings =
                    queues.findSettings(tenantId, queue).orElseGet(() -> QueueSettings.defaults(tenantId, queue));
            cached = new Cached(settings, now);
            cache.put(key, cached);
        }
        return cached.settings();
    }

    private record Key(UUID tenantId, String queue) {}

    private record Cached(QueueSettings settings, long readAt) {}
}
