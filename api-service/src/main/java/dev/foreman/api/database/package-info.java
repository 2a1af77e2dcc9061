/**
 * The api-service's way to Postgres while Postgres is away: a circuit breaker in front of the
 * connection pool, so that during an outage requests are refused with {@code 503
 * database_unavailable} at once instead of each holding a thread for the pool's connection timeout.
 */
package dev.foreman.api.database;
