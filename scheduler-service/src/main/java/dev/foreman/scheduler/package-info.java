/**
 * The scheduler service: instances elect one leader through a Redis lock ({@code leader}), and
 * the leader moves due scheduled and retrying jobs to queued with their outbox rows
 * ({@code promote}), ends attempts whose lease expired ({@code lease}) and publishes again the
 * queued jobs whose Kafka record was lost ({@code lost}). Every step is also fenced in Postgres,
 * so a moment with two leaders never does anything twice.
 */
package dev.foreman.scheduler;
