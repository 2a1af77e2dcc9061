/**
 * The scheduler service: instances elect one leader through a Redis lock, or a Postgres advisory
 * lock while Redis is unreachable ({@code leader}), and the leader moves due scheduled and
 * retrying jobs to queued with their outbox rows ({@code promote}), fires cron schedules
 * ({@code cron}), ends attempts whose lease expired ({@code lease}), publishes again the queued
 * jobs whose Kafka record was lost ({@code lost}) and deletes what is past its retention
 * ({@code retention}). Every step is also fenced in Postgres, so a moment with two leaders never
 * does anything twice.
 */
package dev.foreman.scheduler;
