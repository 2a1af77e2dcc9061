/**
 * Cron schedules: a job template fired on a cron expression in a time zone, each fire recorded
 * once in {@code schedule_fires} so no fire happens twice.
 */
package dev.foreman.common.schedule;
