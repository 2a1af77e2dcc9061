package dev.foreman.worker.consume;

import dev.foreman.common.job.Priority;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which priority topics each poll may read, so high is served before normal before low
 * and yet low is never starved.
 *
 * <p>The scheme: after each regular poll the gate learns whether the batch was <em>saturated</em>
 * (at least as many records came back as intake could take) and, if so, the highest priority in
 * it. That priority evidently has a backlog, so the next regular polls read only it and the
 * priorities above it; the ones below are paused. A regular poll that is not saturated ends the
 * backlog and opens every topic again. While some priorities are paused, every
 * {@code lowPriorityShare}-th poll is a <em>share turn</em> instead: it reads only one of the
 * paused priorities (rotating through them, so low gets turns even while normal is backlogged
 * too) and does not wait, so a share turn with nothing to read costs the higher priorities almost
 * nothing. With the default share of 10 and every priority backlogged, high gets nine polls in
 * ten and normal and low one in twenty each. A share of 0 is strict priority: lower priorities
 * wait until the higher ones have no backlog.
 *
 * <p>Within one batch, intake orders records by priority as well, which covers the polls where
 * every topic is open.
 */
final class PriorityGate {
    private static final List<Priority> DESCENDING = Arrays.asList(Priority.values());

    private final int lowPriorityShare;
    private Priority lowestOpen = Priority.LOW;
    private int gatedTurns;
    private int shareTurns;

    /** @param lowPriorityShare every this-many-th poll during a backlog is a share turn; 0 means never */
    PriorityGate(int lowPriorityShare) {
        this.lowPriorityShare = lowPriorityShare;
    }

    /** The turn the next poll takes. */
    Turn next() {
        if (lowestOpen == Priority.LOW) {
            return new Turn(EnumSet.allOf(Priority.class), false);
        }
        gatedTurns++;
        if (lowPriorityShare > 0 && gatedTurns % lowPriorityShare == 0) {
            List<Priority> paused = DESCENDING.subList(lowestOpen.ordinal() + 1, DESCENDING.size());
            return new Turn(EnumSet.of(paused.get(shareTurns++ % paused.size())), true);
        }
        return new Turn(EnumSet.copyOf(DESCENDING.subList(0, lowestOpen.ordinal() + 1)), false);
    }

    /**
     * Learns from what a turn's poll returned.
     *
     * @param saturated at least as many records came back as intake could take
     * @param highest the highest priority among them, or null if none came back
     */
    void observe(Turn turn, boolean saturated, Priority highest) {
        if (turn.share()) {
            // A share turn reads only paused priorities: it says nothing about the backlog above them.
            return;
        }
        Priority next = saturated && highest != null ? highest : Priority.LOW;
        if (next != lowestOpen) {
            gatedTurns = 0;
        }
        lowestOpen = next;
    }

    /**
     * One poll's view of the topics.
     *
     * @param open the priorities whose partitions this poll reads; the rest are paused
     * @param share whether this is a share turn for paused priorities, which must not wait
     */
    record Turn(Set<Priority> open, boolean share) {}
}
