package dev.foreman.scheduler.leader;

/** Whether this instance may act as the scheduler leader right now. */
@FunctionalInterface
public interface Leadership {

    boolean isLeader();
}
