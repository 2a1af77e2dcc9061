/**
 * The Kafka dispatch record, written in one place: how a job that became queued is announced on its
 * priority topic (key: the job id; value: protobuf {@code foreman.v1.JobDispatch}) and how a worker
 * reads it back. The API's outbox relay encodes, the worker's intake decodes, and tests use the same
 * codec, so no copy of the wire format can drift.
 */
package dev.foreman.common.dispatch;
