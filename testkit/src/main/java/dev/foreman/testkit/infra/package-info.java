/**
 * Real Postgres, Kafka and Redis for tests and for the devstack: started once per JVM, embedded in
 * the JVM by default (no Docker needed) or as Testcontainers with {@code -Dforeman.infra=containers},
 * plus the fixtures every test needs first: migrated schema, a fresh tenant with an API key.
 */
package dev.foreman.testkit.infra;
