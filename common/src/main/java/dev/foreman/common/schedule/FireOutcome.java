package dev.foreman.common.schedule;

import dev.foreman.common.wire.WireNamed;

/** What became of one fire time: a job, a skip, or a person's trigger. */
public enum FireOutcome implements WireNamed {
    FIRED,
    SKIPPED_OVERLAP,
    SKIPPED_MISFIRE,
    TRIGGERED
}
