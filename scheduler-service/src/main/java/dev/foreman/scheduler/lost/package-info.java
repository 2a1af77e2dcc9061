/**
 * Recovery of lost Kafka records: Postgres is the truth and Kafka only the wake-up, so a job that
 * stays queued, unclaimed and with no outbox row left to announce it, longer than the configured
 * bound is published again through the outbox. A re-publish of a record that was only slow is a
 * duplicate delivery, which the worker's claim absorbs.
 */
package dev.foreman.scheduler.lost;
