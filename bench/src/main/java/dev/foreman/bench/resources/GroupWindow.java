package dev.foreman.bench.resources;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * What one process group used within one window, from the samples {@link ResourceSampler} feeds
 * it: the largest resident set, the CPU ticks of its processes, for a JVM service the CPU ticks of
 * its JIT compiler threads, and the largest heap. Not thread-safe; the sampler guards it.
 */
final class GroupWindow {
    private static final double KIB_PER_MIB = 1024.0;
    private static final double BYTES_PER_MIB = 1024.0 * 1024.0;

    private final boolean stack;
    private final WindowTicks<Long> processTicks = new WindowTicks<>();
    private final WindowTicks<CompilerThread> compilerTicks = new WindowTicks<>();
    private final Map<Long, Boolean> bornInWindow = new HashMap<>();
    // The processes whose compiler threads were read at least once in this window.
    private final Set<Long> compilersRead = new HashSet<>();
    private boolean jvm;
    private long maxRssKib;
    private long maxHeapBytes = -1;

    /** @param stack whether the group counts towards the stack's total ({@link ProcessGroup#stack()}) */
    GroupWindow(boolean stack) {
        this.stack = stack;
    }

    /**
     * Adds one sample of the group's processes.
     *
     * @param readings per process id, what {@code /proc} said of it
     * @param compilers per process id, the CPU ticks of each of its compiler threads by thread id;
     *     a process whose threads could not be read is absent
     * @param jvm whether the group is a JVM service, whose JIT is accounted
     * @param startedInWindow whether a process started inside the window; asked once per process
     */
    void add(
            Map<Long, ProcReading> readings,
            Map<Long, Map<Long, Long>> compilers,
            boolean jvm,
            LongPredicate startedInWindow) {
        this.jvm |= jvm;
        long privateKib = 0;
        long sharedKib = 0;
        for (var entry : readings.entrySet()) {
            long pid = entry.getKey();
            ProcReading reading = entry.getValue();
            // Shared memory (Postgres' buffers) is mapped by every process of a group: count it once.
            privateKib += reading.rssKib() - reading.sharedKib();
            sharedKib = Math.max(sharedKib, reading.sharedKib());
            boolean born = bornInWindow.computeIfAbsent(pid, startedInWindow::test);
            processTicks.add(pid, reading.cpuTicks(), born);
            Map<Long, Long> threads = compilers.get(pid);
            if (threads != null) {
                // A compiler thread missing from an earlier reading of its process was started
                // since (HotSpot adds compiler threads as the queue grows): all its time counts.
                boolean threadsKnown = compilersRead.contains(pid);
                threads.forEach(
                        (tid, ticks) -> compilerTicks.add(new CompilerThread(pid, tid), ticks, born || threadsKnown));
                compilersRead.add(pid);
            }
        }
        maxRssKib = Math.max(maxRssKib, privateKib + sharedKib);
    }

    void addHeap(long bytes) {
        maxHeapBytes = Math.max(maxHeapBytes, bytes);
    }

    /** False for a group that did not run at all in the window, such as a worker not yet started. */
    boolean seen() {
        return !processTicks.isEmpty();
    }

    boolean stack() {
        return stack;
    }

    /**
     * True for a JVM service one of whose processes never had its compiler threads read in the
     * window: its JIT figure would leave that process's compiling out, so it has none.
     */
    boolean jitUnreadable() {
        return jvm && !compilersRead.containsAll(processTicks.keys());
    }

    long cpuTicks() {
        return processTicks.total();
    }

    /**
     * The compiler threads' ticks, at most the processes' (both are read in the same sample, but not
     * at the same instant); null for a group that is not a JVM service or whose JIT is unreadable.
     */
    Long jitTicks() {
        return !jvm || jitUnreadable() ? null : Math.min(compilerTicks.total(), cpuTicks());
    }

    /** All of its ticks for a group without a JIT; null when the JIT is unreadable. */
    Long cpuTicksWithoutJit() {
        if (jitUnreadable()) {
            return null;
        }
        Long jit = jitTicks();
        return jit == null ? cpuTicks() : cpuTicks() - jit;
    }

    /**
     * @param seconds the window's wall time
     * @param ticksPerSecond the kernel's clock ticks per second ({@code getconf CLK_TCK})
     */
    ResourceUsage usage(double seconds, long ticksPerSecond) {
        Long jit = jitTicks();
        return new ResourceUsage(
                thousandths(maxRssKib / KIB_PER_MIB),
                thousandths(cpuTicks() / (double) ticksPerSecond / seconds),
                seconds(cpuTicks(), ticksPerSecond),
                jit == null ? null : seconds(jit, ticksPerSecond),
                jit == null ? null : seconds(cpuTicks() - jit, ticksPerSecond),
                maxHeapBytes < 0 ? null : thousandths(maxHeapBytes / BYTES_PER_MIB));
    }

    static double seconds(long ticks, long ticksPerSecond) {
        return thousandths(ticks / (double) ticksPerSecond);
    }

    private static double thousandths(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private record CompilerThread(long pid, long tid) {}
}
