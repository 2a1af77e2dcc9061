/**
 * The figures a run produces and how they are shown: the machine and how fast its cores were,
 * latency percentiles from HdrHistogram, one result per scenario, the plain-text table and the
 * JSON document, and the progress lines.
 */
package dev.foreman.bench.report;
