/**
 * Leader election, and the rounds only the leader runs. The leader lock is a Redis key: {@code SET
 * NX PX} takes it, a compare-and-extend script renews it, compare-and-delete gives it up. An
 * instance that cannot renew stops acting as leader by that lock at once; the lock runs out within
 * the TTL and a standby takes over. While Redis cannot be reached at all, a Postgres session
 * advisory lock elects the leader instead, so schedules keep firing through a Redis outage; the
 * Redis leader holds that lock too whenever it can, so an outage does not change who leads. Each
 * {@link dev.foreman.scheduler.leader.LeaderTask} runs every interval on every instance but does
 * work only while that instance leads, in batches of one transaction each that also write the
 * outbox rows of the jobs they queue ({@link dev.foreman.scheduler.leader.LeaderBatches}).
 */
package dev.foreman.scheduler.leader;
