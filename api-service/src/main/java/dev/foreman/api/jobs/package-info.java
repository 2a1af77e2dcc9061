/**
 * The job API: submitting one job or a batch (validated all-or-nothing, idempotent by key, inserted
 * with their outbox rows in one transaction), reading a job, listing jobs with keyset pagination,
 * reading a job's attempt timeline and callback deliveries, cancelling a job, and a person's retry
 * of dead or cancelled jobs, one at a time or in bulk from the dead-letter queue ({@code /v1/dlq},
 * which is a view of the tenant's dead jobs and so shares this package's paging and retry). Every
 * query is scoped to the caller's tenant.
 */
package dev.foreman.api.jobs;
