/**
 * The infrastructure under the services, each server restartable on its own: Postgres and Redis as
 * child processes, Kafka as a broker in a child JVM, every one on a fixed port and (Postgres and
 * Kafka) a data directory that outlives a restart, as with servers a user runs.
 */
package dev.foreman.chaos.infra;
