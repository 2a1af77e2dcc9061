package dev.foreman.common.job;

import dev.foreman.common.wire.WireNamed;
import dev.foreman.common.wire.WireNames;

/** How one attempt ended. Equal to the SQL CHECK on {@code job_attempts.outcome}. */
public enum AttemptOutcome implements WireNamed {
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    LEASE_EXPIRED,
    CANCELLED;

    public static AttemptOutcome fromWireName(String value) {
        return WireNames.parse(AttemptOutcome.class, value);
    }
}
