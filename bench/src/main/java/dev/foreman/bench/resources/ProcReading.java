package dev.foreman.bench.resources;

/**
 * One reading of a Linux process from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}.
 *
 * @param rssKib resident set size ({@code VmRSS})
 * @param sharedKib the part of it that is shared memory ({@code RssShmem}), such as Postgres'
 *     shared buffers, which every backend maps again
 * @param cpuTicks user plus system CPU time, in clock ticks
 */
record ProcReading(long rssKib, long sharedKib, long cpuTicks) {}
