package dev.foreman.client;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a job stands (Foreman's {@code docs/state-machine.md}). */
public enum JobState {
    @JsonProperty("scheduled")
    SCHEDULED(false),
    @JsonProperty("queued")
    QUEUED(false),
    @JsonProperty("running")
    RUNNING(false),
    @JsonProperty("retrying")
    RETRYING(false),
    @JsonProperty("succeeded")
    SUCCEEDED(true),
    @JsonProperty("dead")
    DEAD(true),
    @JsonProperty("cancelled")
    CANCELLED(true),
    /** A state this version of the client does not know (a newer server). */
    @JsonEnumDefaultValue
    UNKNOWN(false);

    private final boolean terminal;

    JobState(boolean terminal) {
        this.terminal = terminal;
    }

    /** Succeeded, dead or cancelled: nothing more happens to the job unless someone retries it. */
    public boolean isTerminal() {
        return terminal;
    }

    /** The name on the wire: {@code queued}, {@code succeeded}, ... */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
