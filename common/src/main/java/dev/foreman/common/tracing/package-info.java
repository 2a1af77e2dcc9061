/**
 * OpenTelemetry tracing of a job's whole way: the API's submit span continues the client's
 * {@code traceparent} (or starts a trace), the context is stored with the job and carried in its
 * Kafka record, and the worker's claim, dispatch and finish spans continue it, so the target's
 * {@code traceparent} is a child in the same trace. Off by default; when on, unsampled traces cost
 * no allocation ({@link dev.foreman.common.tracing.Tracing}).
 */
package dev.foreman.common.tracing;
