/**
 * Keeps the api-service's per-tenant active-jobs counters in Redis true: the leader sets them from
 * Postgres, the truth, every few seconds.
 */
package dev.foreman.scheduler.quota;
