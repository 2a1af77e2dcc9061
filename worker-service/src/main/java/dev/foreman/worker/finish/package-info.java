/**
 * Outcome rules (DESIGN §4): what an attempt's result means for its job (succeeded, retrying
 * after a back-off, or dead) and recording it, fenced on the lease so a worker that lost its
 * job cannot overwrite what another worker did.
 */
package dev.foreman.worker.finish;
