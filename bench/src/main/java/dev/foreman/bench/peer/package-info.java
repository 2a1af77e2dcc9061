/**
 * The bench's peer ({@code --peer jobrunr}): JobRunr's free edition, run in the bench JVM on an
 * embedded Postgres of its own (the same binaries and commit mode as Foreman's), delivering the
 * same no-op jobs to the same target, so that Foreman's end-to-end throughput can be printed next to
 * it as a measured ratio.
 */
package dev.foreman.bench.peer;
