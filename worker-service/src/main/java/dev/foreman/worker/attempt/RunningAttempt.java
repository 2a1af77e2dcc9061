package dev.foreman.worker.attempt;

import dev.foreman.common.job.ClaimedJob;
import java.time.Instant;
import java.util.UUID;

/**
 * One attempt in flight, and the guard that lets another thread abort it. An abort interrupts the
 * attempt's thread only while it is waiting for the target: interrupting a virtual thread during
 * the JDBC call that records the result would close the database connection under it. Once the
 * target has answered, the attempt can no longer be aborted and records its result as usual
 * (fenced on the lease, so a lost lease still changes nothing).
 *
 * <p>It also knows until when its lease is held for sure: the end the claim wrote, moved on by each
 * heartbeat that read it back. While the database cannot be reached that end stays where it was, so
 * it is what the lease watchdog and a finish that keeps failing measure their time against.
 */
public final class RunningAttempt {
    private final ClaimedJob claimed;
    private volatile Instant leaseHeldUntil;
    private Thread dispatching;
    private boolean aborted;
    private boolean answered;
    private boolean parked;

    RunningAttempt(ClaimedJob claimed) {
        this.claimed = claimed;
        this.leaseHeldUntil = claimed.job().leaseExpiresAt();
    }

    /** The end of this attempt's lease as last read from the database (null if the claim wrote none). */
    public Instant leaseHeldUntil() {
        return leaseHeldUntil;
    }

    /** Records that the database holds this attempt's lease until {@code end}, as a heartbeat read it. */
    public void leaseHeldUntil(Instant end) {
        this.leaseHeldUntil = end;
    }

    /** Whether the target has answered: the attempt records its result and can no longer be aborted. */
    public synchronized boolean answered() {
        return answered;
    }

    public ClaimedJob claimed() {
        return claimed;
    }

    public UUID jobId() {
        return claimed.job().id();
    }

    /** Called by the attempt's thread before the request; false when it was aborted before it began. */
    synchronized boolean beginDispatch() {
        if (aborted) {
            return false;
        }
        dispatching = Thread.currentThread();
        return true;
    }

    /**
     * Called by the attempt's thread after waiting for its turn (begun with {@link #beginDispatch}),
     * before it begins its request or is parked.
     *
     * @param parking whether the attempt is to be parked: from then on it cannot be aborted (its
     *     job leaves this worker by the parking, and the heartbeat that no longer finds its lease
     *     must not count that as a lease lost)
     * @return whether the attempt is still this thread's; false when it was aborted meanwhile
     */
    synchronized boolean endWaiting(boolean parking) {
        dispatching = null;
        Thread.interrupted();
        parked = parking && !aborted;
        return !aborted;
    }

    /**
     * Called by the attempt's thread after the request, whatever came of it.
     *
     * @return whether to record the result; false when the attempt was aborted during the request
     */
    synchronized boolean endDispatch() {
        dispatching = null;
        // An abort may have interrupted us just as the answer came; the flag must not reach JDBC.
        Thread.interrupted();
        answered = !aborted;
        return answered;
    }

    /**
     * Takes the attempt away from its thread: it will not record a result.
     *
     * @return whether this call took it away; false when it was already aborted, or when it is too
     *     late: the target has answered and the result is being recorded, or the job is being parked
     */
    synchronized boolean abort() {
        if (answered || aborted || parked) {
            return false;
        }
        aborted = true;
        if (dispatching != null) {
            dispatching.interrupt();
        }
        return true;
    }
}
