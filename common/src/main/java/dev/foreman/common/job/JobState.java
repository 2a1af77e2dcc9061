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

    /** Whether a job may be created in this state: queued when due, scheduled when not. */
    public boolean isInitial() {
        return this == SCHEDULED || this == QUEUED;
    }

    /**
     * Whether a job may move from this state to {@code next} in one statement. This is the table
     * every state-changing statement of {@link JobRepository} keeps ({@code StateTransitionsIT} runs
     * each against jobs in every state); {@code docs/state-machine.md} draws it.
     */
    public boolean canTransitionTo(JobState next) {
        return switch (this) {
            // Promoted when due; cancelled by a person.
            case SCHEDULED -> next == QUEUED || next == CANCELLED;
            // Claimed by a worker; cancelled by a person.
            case QUEUED -> next == RUNNING || next == CANCELLED;
            // The worker's report (succeeded, retrying, dead); a person's cancel; back to queued when
            // its lease is reaped with budget left (else dead) or a stopping worker hands it back.
            case RUNNING ->
                next == SUCCEEDED || next == RETRYING || next == DEAD || next == CANCELLED || next == QUEUED;
            // Promoted when its back-off ends; cancelled by a person.
            case RETRYING -> next == QUEUED || next == CANCELLED;
            // A person may replay a dead or cancelled job: it is queued again with a fresh attempt budget.
            case DEAD, CANCELLED -> next == QUEUED;
            case SUCCEEDED -> false;
        };
    }
}
