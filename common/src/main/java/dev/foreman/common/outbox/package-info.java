/** The transactional outbox: jobs waiting to be published to Kafka, locked and deleted by relays. */
package dev.foreman.common.outbox;
