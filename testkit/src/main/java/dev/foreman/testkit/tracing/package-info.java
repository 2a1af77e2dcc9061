/**
 * Traces for tests: the spans the services under test recorded, captured in memory so a test can
 * check a trace's shape and parent links.
 */
package dev.foreman.testkit.tracing;
