/**
 * Test fixtures for jobs: a fluent builder of {@code ValidatedJob} with sensible defaults, so a test
 * spells out only what it is about ({@code aJob().inQueue("emails").withMaxAttempts(1).build()}).
 */
package dev.foreman.testkit.jobs;
