package dev.foreman.common.job;

import dev.foreman.common.wire.WireNamed;
import dev.foreman.common.wire.WireNames;
import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a job (DESIGN §2). The same values live in the SQL CHECK on {@code jobs.state}
 * and in the proto enum {@code foreman.v1.JobState}; {@code JobStateAgreementIT} keeps them equal.
 */
public enum JobState implements WireNamed {
    SCHEDULED,
    QUEUED,
    RUNNING,
    SUCCEEDED,
    RETRYING,
    DEAD,
    CANCELLED;

    private static final Set<JobState> TERMINAL = EnumSet.of(SUCCEEDED, DEAD, CANCELLED);

    public static JobState fromWireName(String value) {
        return WireNames.parse(JobState.class, value);
    }

    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }

    /** Whether a job may move from this state to {@code next} in one step. */
    public boolean canTransitionTo(JobState next) {
        return switch (this) {
            case SCHEDULED -> next == QUEUED || next == CANCELLED;
            case QUEUED -> next == RUNNING || next == CANCELLED;
            // A running job whose lease is reaped goes back to queued (or retrying/dead by policy).
            case RUNNING ->
                next == SUCCEEDED || next == RETRYING || next == DEAD || next == CANCELLED || next == QUEUED;
            case RETRYING -> next == QUEUED || next == CANCELLED;
            // A person may replay a dead or cancelled job: it starts again with a fresh attempt budget.
            case DEAD, CANCELLED -> next == QUEUED || next == SCHEDULED;
            case SUCCEEDED -> false;
        };
    }
}
