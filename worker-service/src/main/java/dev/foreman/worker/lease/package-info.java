/**
 * Leases after the claim: the heartbeat that keeps the leases of running attempts ahead of the
 * reaper and aborts the request of any job whose lease was taken away (a person cancelled it, or
 * the reaper gave up on this worker), and the hand-back that returns a stopping worker's unfinished
 * jobs to the queue at once instead of leaving them to expire.
 */
package dev.foreman.worker.lease;
