/**
 * Claiming: turning the job ids of a poll into leased, running jobs in one conditional statement.
 * A job that is no longer queued (a duplicate Kafka delivery, a cancelled job) is simply not
 * claimed, which is what makes at-least-once delivery from Kafka safe.
 */
package dev.foreman.worker.claim;
