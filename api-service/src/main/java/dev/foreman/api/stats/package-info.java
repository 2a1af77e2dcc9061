/**
 * {@code GET /v1/stats} (DESIGN §3.3): a tenant's job counts by state and priority, its queues,
 * throughput per minute and outbox backlog, with the live workers and the scheduler's leader, all
 * read from maintained summaries so that polling it every second costs the database a few index
 * lookups whatever the size of the jobs table. The background fold that keeps the summary small
 * lives here too.
 */
package dev.foreman.api.stats;
