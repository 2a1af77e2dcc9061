package dev.foreman.worker.attempt;

import dev.foreman.common.job.ClaimedJob;
import java.util.UUID;

/**
 * One attempt in flight, and the guard that lets another thread abort it. An abort interrupts the
 * attempt's thread only while it is waiting for the target: interrupting a virtual thread during
 * the JDBC call that records the result would close the database connection under it. Once the
 * target has answered, the attempt can no longer be aborted and records its result as usual
 * (fenced on the lease, so a lost lease still changes nothing).
 */
public final class RunningAttempt {
    private final ClaimedJob claimed;
    private Thread dispatching;
    private boolean aborted;
    private boolean answered;

    RunningAttempt(ClaimedJob claimed) {
        this.claimed = claimed;
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
     *     late: the target has answered and the result is being recorded
     */
    synchronized boolean abort() {
        if (answered || aborted) {
            return false;
        }
        aborted = true;
        if (dispatching != null) {
            dispatching.interrupt();
        }
        return true;
    }
}
