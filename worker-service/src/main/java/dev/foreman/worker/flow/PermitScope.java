package dev.foreman.worker.flow;

import dev.foreman.common.queue.ParkReason;
import java.util.UUID;

/**
 * One limit on concurrent attempts held across the fleet: a queue's {@code max_concurrency} or a
 * flow-control key's (a tenant's share is kept by each worker: {@link TenantShare}). Its permits are a Redis sorted set of the attempts holding one,
 * each scored by when its lease runs out, so a crashed worker's permits lapse with its leases.
 *
 * @param name the queue or the flow-control key
 */
record PermitScope(Kind kind, UUID tenantId, String name, int limit) {

    enum Kind {
        QUEUE,
        FLOW_KEY
    }

    static PermitScope queue(UUID tenantId, String queue, int limit) {
        return new PermitScope(Kind.QUEUE, tenantId, queue, limit);
    }

    static PermitScope flowKey(UUID tenantId, String key, int limit) {
        return new PermitScope(Kind.FLOW_KEY, tenantId, key, limit);
    }

    /** The sorted set of the attempts holding a permit. */
    String permitsKey() {
        return "foreman:permits:" + suffix();
    }

    /** Exists while jobs may be parked behind this scope, so a freed permit knows to wake one. */
    String parkedKey() {
        return "foreman:parked:" + suffix();
    }

    ParkReason reason() {
        return switch (kind) {
            case QUEUE -> ParkReason.QUEUE_CONCURRENCY;
            case FLOW_KEY -> ParkReason.FLOW_CONCURRENCY;
        };
    }

    /** The same scope whatever its limit: what permits are counted by. */
    PermitScope withoutLimit() {
        return new PermitScope(kind, tenantId, name, 0);
    }

    private String suffix() {
        return switch (kind) {
            case QUEUE -> "q:" + tenantId + ":" + name;
            case FLOW_KEY -> "k:" + tenantId + ":" + name;
        };
    }
}
