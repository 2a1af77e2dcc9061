/**
 * Reaping of expired leases: a running job whose worker crashed or stalled past its lease counts a
 * failed attempt, recorded as {@code lease_expired}, and goes back to queued with its outbox row
 * while its attempt budget lasts, else to dead. A worker that reports late finds its lease gone and
 * changes nothing; {@code FOR UPDATE SKIP LOCKED} and the state condition make two reapers at once
 * harmless.
 */
package dev.foreman.scheduler.lease;
