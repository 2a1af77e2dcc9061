/**
 * Every-second cron schedules that run through the faults, and the check that each of their ticks
 * fired exactly once, made one job, and that job succeeded.
 */
package dev.foreman.chaos.cron;
