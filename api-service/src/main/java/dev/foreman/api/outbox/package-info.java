/**
 * The outbox relay: moves queued jobs from the Postgres outbox to their Kafka priority topics. A
 * relay locks a batch of rows (SKIP LOCKED, so replicas share the work), publishes them with an
 * idempotent producer, waits for every acknowledgement, then deletes the rows and commits. A crash
 * between the acknowledgements and the commit publishes the batch again: duplicates are expected
 * and the worker's claim absorbs them. LISTEN/NOTIFY wakes the relay at once; a poll covers lost
 * notifications.
 */
package dev.foreman.api.outbox;
