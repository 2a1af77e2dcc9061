/**
 * Leader election on Redis, and the rounds only the leader runs. {@code SET NX PX} takes the lock,
 * a compare-and-extend script renews it, compare-and-delete gives it up. An instance that cannot
 * renew, or cannot reach Redis, stops acting as leader at once; its lock runs out within the TTL
 * and a standby takes over. Each {@link dev.foreman.scheduler.leader.LeaderTask} runs every
 * interval on every instance but does work only while that instance leads, in batches of one
 * transaction each that also write the outbox rows of the jobs they queue
 * ({@link dev.foreman.scheduler.leader.LeaderBatches}).
 */
package dev.foreman.scheduler.leader;
