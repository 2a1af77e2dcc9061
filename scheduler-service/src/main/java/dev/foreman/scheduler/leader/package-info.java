/**
 * Leader election on Redis: {@code SET NX PX} to take the lock, a compare-and-extend script to
 * renew it, compare-and-delete to give it up. An instance that cannot renew, or cannot reach
 * Redis, stops acting as leader at once; its lock runs out within the TTL and a standby takes over.
 */
package dev.foreman.scheduler.leader;
