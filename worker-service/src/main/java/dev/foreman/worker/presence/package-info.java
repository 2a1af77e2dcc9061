/**
 * The worker's heartbeat in {@code worker_heartbeats}, from which {@code /v1/stats} counts the live
 * workers.
 */
package dev.foreman.worker.presence;
