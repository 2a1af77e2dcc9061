/**
 * The schedule API ({@code /v1/schedules}): creating, reading, listing, changing and deleting a
 * tenant's cron schedules, pausing and resuming them, and a person's trigger that fires one at
 * once. A schedule's job is validated exactly like a submitted job. This service only writes
 * schedules and their next fire time; the scheduler-service's leader makes the fires. Every answer
 * shows the schedule's next five fire times, and every query is scoped to the caller's tenant.
 */
package dev.foreman.api.schedules;
