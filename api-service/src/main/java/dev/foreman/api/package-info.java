/**
 * The api-service application: its entry point, its one settings record ({@link
 * dev.foreman.api.ApiProperties}) and the app-wide JSON rules. The features live in the sub-packages:
 * {@code jobs} (submit, read and list jobs), {@code auth} (bearer API keys), {@code problem}
 * (problem+json errors), {@code limits} (request size) and {@code outbox} (publishing queued jobs
 * to Kafka).
 */
package dev.foreman.api;
