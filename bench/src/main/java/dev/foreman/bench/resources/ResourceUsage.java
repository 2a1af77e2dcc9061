package dev.foreman.bench.resources;

/**
 * What one process (or process group) used during one scenario.
 *
 * @param maxRssMib the largest resident set seen by the one-second samples, in MiB
 * @param meanCpuCores CPU time used divided by wall time: 1.0 is one core busy the whole scenario
 * @param maxHeapMib the largest JVM heap in use seen by the samples (every five seconds and at the
 *     end), in MiB; null when the process is not a JVM service or its metrics were not reachable
 */
public record ResourceUsage(double maxRssMib, double meanCpuCores, Double maxHeapMib) {}
