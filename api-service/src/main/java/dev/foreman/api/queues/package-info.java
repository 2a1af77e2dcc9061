/**
 * {@code /v1/queues}: a tenant's queues with their depth, pause and resume, purge, and the
 * concurrency and rate limits every worker enforces (DESIGN §3.2).
 */
package dev.foreman.api.queues;
