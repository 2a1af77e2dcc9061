package dev.foreman.bench.resources;

/**
 * What one process (or process group) used during one scenario.
 *
 * @param maxRssMib the largest resident set seen by the one-second samples, in MiB
 * @param meanCpuCores CPU time used divided by wall time: 1.0 is one core busy the whole scenario
 * @param cpuSeconds CPU time used in the scenario, in seconds: for a fixed amount of work (a given
 *     number of jobs), the cost of that work whatever the scheduling of 2 shared cores made of its
 *     speed, so the figure to compare in an A/B of a setting
 * @param jitCpuSeconds the part of {@code cpuSeconds} that the JVM's JIT compiler threads used;
 *     null when the process is not a JVM service or its compiler threads could not be read (see
 *     {@link ResourceSampler} for how it is measured)
 * @param cpuSecondsWithoutJit {@code cpuSeconds} minus {@code jitCpuSeconds}: the work itself,
 *     without what cold JVMs spend compiling, which varies from run to run; null when {@code
 *     jitCpuSeconds} is
 * @param maxHeapMib the largest JVM heap in use seen by the samples (every five seconds and at the
 *     end), in MiB; null when the process is not a JVM service or its metrics were not reachable
 */
public record ResourceUsage(
        double maxRssMib,
        double meanCpuCores,
        double cpuSeconds,
        Double jitCpuSeconds,
        Double cpuSecondsWithoutJit,
        Double maxHeapMib) {}
