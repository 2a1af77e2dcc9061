/**
 * The clients of a chaos run: each submits one job at a time with an {@code Idempotency-Key} of its
 * own, retries a refused or failed submit with the same key against the other api-service replica
 * until it is acknowledged, and pauses between jobs. What was acknowledged, and when, is what the
 * end checks hold the system to.
 */
package dev.foreman.chaos.load;
