package dev.foreman.scheduler.leader;

import java.util.UUID;

/** A scheduler instance's name in the lock: host, pid and a random suffix, unique per process. */
final class InstanceId {
    private InstanceId() {}

    static String generate() {
        // HOSTNAME is the pod name on Kubernetes; resolving the local address can block on DNS.
        String host = System.getenv("HOSTNAME");
        return (host == null || host.isBlank() ? "scheduler" : host) + "-"
                + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
