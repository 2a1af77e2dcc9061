package dev.foreman.chaos.fault;

/** What one fault does. */
public enum FaultKind {
    /** An api-service replica killed (SIGKILL, or SIGTERM one time in four) and started again. */
    KILL_API("kill-api"),
    /** A worker killed (SIGKILL, or SIGTERM one time in four) and started again. */
    KILL_WORKER("kill-worker"),
    /** The scheduler that leads killed (SIGKILL, or SIGTERM one time in four) and started again. */
    KILL_SCHEDULER("kill-scheduler"),
    /** The Kafka broker stopped (controlled shutdown) and started again on its data. */
    RESTART_KAFKA("restart-kafka"),
    /** Postgres stopped (fast, or immediate: crash recovery) and started again on its data. */
    RESTART_POSTGRES("restart-postgres"),
    /** Redis stopped and started again, empty. */
    RESTART_REDIS("restart-redis"),
    /**
     * A worker frozen with SIGSTOP for longer than its leases can last, the scheduler leader killed
     * with SIGKILL while it is frozen (before the leases run out), then the worker continued.
     */
    PAUSE_WORKER("pause-worker");

    private final String label;

    FaultKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
