/**
 * The queue-semantics suite: every state-changing statement of common's repositories run against
 * real Postgres, under concurrency where it matters (racing claimers, racing promoters, duplicate
 * deliveries, late reports from a worker that lost its lease). It lives here because common's own
 * tests cannot depend on the testkit.
 */
package dev.foreman.testkit.queue;
