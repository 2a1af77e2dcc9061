/**
 * Structured logs: the job, tenant, queue and trace a log line is about, as fields of Spring Boot's
 * JSON log formats (opt-in with {@code logging.structured.format.console}).
 */
package dev.foreman.common.logs;
