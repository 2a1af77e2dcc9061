/**
 * The outbox relay: moves queued jobs from the Postgres outbox to their Kafka priority topics. A
 * relay deletes a batch of rows in a transaction (SKIP LOCKED, so replicas share the work; the
 * uncommitted delete keeps them locked), publishes them with an idempotent producer, waits for
 * every acknowledgement, and only then commits. A crash
 * between the acknowledgements and the commit publishes the batch again: duplicates are expected
 * and the worker's claim absorbs them. LISTEN/NOTIFY wakes the relay at once; a poll covers lost
 * notifications.
 */
package dev.foreman.api.outbox;
