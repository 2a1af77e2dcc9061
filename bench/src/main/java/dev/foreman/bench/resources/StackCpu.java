package dev.foreman.bench.resources;

import java.util.List;

/**
 * The CPU the stack under test used in one scenario, summed over its processes (the services,
 * Postgres and Redis; never the bench's own JVM), so that an A/B of a fixed amount of work compares
 * one number.
 *
 * @param processes the processes summed, in the order of the report
 * @param cpuSeconds the sum of their {@code cpu_seconds}
 * @param cpuSecondsWithoutJit the sum of their {@code cpu_seconds_without_jit}, a process without
 *     a JIT (Postgres, Redis) counting whole; null when a JVM service's JIT could not be read, since
 *     the sum would then hold that service's compiling and compare with no other run
 */
public record StackCpu(List<String> processes, double cpuSeconds, Double cpuSecondsWithoutJit) {}
