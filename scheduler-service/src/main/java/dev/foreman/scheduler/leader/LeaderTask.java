package dev.foreman.scheduler.leader;

import java.time.Duration;

/**
 * Work only the leader does, round after round. {@link LeaderTaskScheduler} runs every bean of this
 * type on a thread of its own, so a slow round of one task never delays another.
 */
public interface LeaderTask {

    /** Names the task's thread and its log lines. */
    String name();

    /** The pause between the end of one round and the start of the next. */
    Duration interval();

    /**
     * Does what is due now, as long as this instance leads (usually with {@link LeaderBatches}).
     *
     * @return how many jobs (or schedules, or records) the round changed
     */
    int runRound();
}
