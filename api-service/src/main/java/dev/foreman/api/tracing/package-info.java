/**
 * Traces of the API's requests that make jobs: their server spans continue the client's
 * {@code traceparent}, and their trace context is stored with the jobs and schedules they make.
 */
package dev.foreman.api.tracing;
