/**
 * The job API: submitting one job or a batch (validated all-or-nothing, idempotent by key, inserted
 * with their outbox rows in one transaction), reading a job, listing jobs with keyset pagination
 * and reading a job's attempt timeline. Every query is scoped to the caller's tenant.
 */
package dev.foreman.api.jobs;
