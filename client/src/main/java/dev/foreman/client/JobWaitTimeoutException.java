package dev.foreman.client;

import java.time.Duration;

/** {@link Jobs#awaitTerminal} gave up: the job had not ended. {@link #lastSeen()} is how it stood. */
public class JobWaitTimeoutException extends RuntimeException {
    private final transient Job lastSeen;

    public JobWaitTimeoutException(Job lastSeen, Duration timeout) {
        super("job " + lastSeen.id() + " is still " + lastSeen.state().wireName() + " after " + timeout);
        this.lastSeen = lastSeen;
    }

    public Job lastSeen() {
        return lastSeen;
    }
}
