package dev.foreman.common.job;

import java.util.Locale;

/** How one attempt ended. Equal to the SQL CHECK on {@code job_attempts.outcome}. */
public enum AttemptOutcome {
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    LEASE_EXPIRED,
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AttemptOutcome fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
