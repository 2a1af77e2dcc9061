package dev.foreman.chaos.fault;

/**
 * One injected fault.
 *
 * @param target what it struck: a replica's name, or kafka, postgres, redis
 * @param how the signal or the kind of stop, e.g. {@code SIGKILL}, {@code immediate}
 * @param injectedNanos {@link System#nanoTime()} just before it struck
 * @param restoredNanos when what it struck was back: the restarted process healthy, the server answering
 * @param leaderKilledNanos for {@link FaultKind#PAUSE_WORKER}: when the scheduler leader was killed; else 0
 * @param leaseOwnerPrefix for a worker fault: how the struck worker's leases begin ({@code worker-2-<pid>-}); else null
 * @param error why restoring failed, or null
 */
public record Fault(
        FaultKind kind,
        String target,
        String how,
        long injectedNanos,
        long restoredNanos,
        long leaderKilledNanos,
        String leaseOwnerPrefix,
        String error) {}
