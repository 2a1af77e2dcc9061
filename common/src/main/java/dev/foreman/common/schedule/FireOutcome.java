package dev.foreman.common.schedule;

import java.util.Locale;

/** What became of one fire time: a job, a skip, or a person's trigger. */
public enum FireOutcome {
    FIRED,
    SKIPPED_OVERLAP,
    SKIPPED_MISFIRE,
    TRIGGERED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
