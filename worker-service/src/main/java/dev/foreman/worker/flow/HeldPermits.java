package dev.foreman.worker.flow;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The permits this worker's running attempts hold, by job, until each attempt ends. */
final class HeldPermits {
    private final Map<UUID, Held> byJob = new ConcurrentHashMap<>();

    void put(UUID jobId, List<PermitScope> scopes, String member) {
        byJob.put(jobId, new Held(scopes, member));
    }

    /** Takes the permits of the job's attempt {@code member} out, if this worker holds them. */
    Held remove(UUID jobId, String member) {
        Held held = byJob.get(jobId);
        if (held == null || !held.member().equals(member)) {
            return null;
        }
        return byJob.remove(jobId, held) ? held : null;
    }

    List<Held> all() {
        return List.copyOf(byJob.values());
    }

    record Held(List<PermitScope> scopes, String member) {}
}
