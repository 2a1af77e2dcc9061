/**
 * Queues and flow control in Postgres: a queue's settings (paused, concurrency and rate limits),
 * its depth, purge, and the parking of queued jobs that may not start yet (a paused queue, a
 * reached limit, an empty rate bucket) until something wakes them. Redis holds the permits and
 * buckets that decide when a job may start; every job's state stays here.
 */
package dev.foreman.common.queue;
