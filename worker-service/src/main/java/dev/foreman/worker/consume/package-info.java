/**
 * Kafka intake: one thread polls the three priority topics, takes no more records than there is
 * free in-flight capacity, serves high before normal before low without starving low, claims the
 * delivered jobs in one statement, commits the offsets once the claim holds, and hands the claimed
 * jobs on to run. Everything it does not take stays in Kafka (rewound), never in memory.
 */
package dev.foreman.worker.consume;
