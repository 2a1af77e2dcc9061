/**
 * Firing of cron schedules. The leader locks due schedules, works out each one's fire times up to
 * now in its time zone (Spring's cron arithmetic, with one fire, not two, for a fixed time of day
 * when clocks fall back), applies the misfire policy to fires missed while no scheduler ran and
 * the overlap policy to fires while the previous job is still active, then records every fire in
 * {@code schedule_fires} before creating its job. The record's primary key is the fence: a fire
 * time is recorded once, so it fires once, even with two leaders.
 */
package dev.foreman.scheduler.cron;
