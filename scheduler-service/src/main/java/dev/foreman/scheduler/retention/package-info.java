/**
 * Retention: terminal jobs are deleted once older than their state's retention (by when they
 * finished), their attempts and callbacks with them, and schedules' fire records once older than
 * theirs. Deletes run in small batches, oldest first, each its own short transaction that skips
 * rows someone else holds, so retention never holds long locks or waits on live work. How long a
 * job is kept is also how long its {@code Idempotency-Key} answers with it.
 */
package dev.foreman.scheduler.retention;
