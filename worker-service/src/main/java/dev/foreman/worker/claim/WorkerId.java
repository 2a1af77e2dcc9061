package dev.foreman.worker.claim;

import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The name this worker process writes as {@code lease_owner}: host, pid and a random suffix, so two
 * processes (or one restarted with the same pid in a container) never share a lease. One bean per
 * process, made once at start-up.
 */
@Component
public final class WorkerId {
    private final String value;

    WorkerId() {
        this(hostName() + "-" + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8));
    }

    WorkerId(String value) {
        this.value = value;
    }

    /** The lease owner name. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }

    private static String hostName() {
        // HOSTNAME is the pod name on Kubernetes; resolving the local address can block on DNS.
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "worker" : host;
    }
}
