/**
 * Flow control at the start of an attempt: whether a claimed job may start now under its queue's,
 * its flow-control key's and its tenant's limits (Redis permits and token buckets shared by every
 * worker), and parking the ones that may not, so they hold neither a Kafka partition nor a slot.
 */
package dev.foreman.worker.flow;
