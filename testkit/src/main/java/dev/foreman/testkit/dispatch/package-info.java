/**
 * Kafka dispatch records for tests, written by the same codec the relay uses: a stand-in for the
 * api-service's outbox relay in modules that run none.
 */
package dev.foreman.testkit.dispatch;
