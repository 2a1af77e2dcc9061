package dev.foreman.worker.claim;

import java.util.UUID;

/**
 * The name a worker process writes as {@code lease_owner}: host, pid and a random suffix, so two
 * processes (or one restarted with the same pid in a container) never share a lease.
 */
final class WorkerId {
    private WorkerId() {}

    static String generate() {
        return hostName() + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String hostName() {
        // HOSTNAME is the pod name on Kubernetes; resolving the local address can block on DNS.
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "worker" : host;
    }
}
