/**
 * Promotion of due jobs: scheduled jobs whose run_at has come and retrying jobs whose back-off has
 * passed become queued, each with its outbox row, in one transaction. {@code FOR UPDATE SKIP
 * LOCKED} and the state condition make two promoters at once harmless.
 */
package dev.foreman.scheduler.promote;
