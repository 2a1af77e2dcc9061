package dev.foreman.bench.resources;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the processes used in one window (one scenario).
 *
 * @param processes per process (group) that ran in the window, by name, in the order of the report
 * @param stack the total of the stack's processes; null when none ran (a stack the bench did not
 *     start, JobRunr's trials in the bench's own JVM)
 * @param notes what a reader should know about these figures, such as a service whose JIT could not
 *     be read
 */
public record WindowUsage(Map<String, ResourceUsage> processes, StackCpu stack, List<String> notes) {

    /** A window that was never opened. */
    static WindowUsage none() {
        return new WindowUsage(Map.of(), null, List.of());
    }

    /**
     * @param groups the window's groups by name, in the order of the report
     * @param seconds the window's wall time
     * @param ticksPerSecond the kernel's clock ticks per second
     */
    static WindowUsage of(Map<String, GroupWindow> groups, double seconds, long ticksPerSecond) {
        Map<String, ResourceUsage> processes = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        List<String> stackNames = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        long stackTicks = 0;
        long stackTicksWithoutJit = 0;
        for (var entry : groups.entrySet()) {
            String name = entry.getKey();
            GroupWindow group = entry.getValue();
            if (!group.seen()) {
                continue;
            }
            processes.put(name, group.usage(seconds, ticksPerSecond));
            if (group.jitUnreadable()) {
                notes.add(name + " has no jit_cpu_seconds or cpu_seconds_without_jit: the CPU time of its JIT"
                        + " compiler threads could not be read from /proc/<pid>/task");
            }
            if (group.stack()) {
                stackNames.add(name);
                stackTicks += group.cpuTicks();
                Long withoutJit = group.cpuTicksWithoutJit();
                if (withoutJit == null) {
                    unreadable.add(name);
                } else {
                    stackTicksWithoutJit += withoutJit;
                }
            }
        }
        if (stackNames.isEmpty()) {
            return new WindowUsage(Collections.unmodifiableMap(processes), null, List.copyOf(notes));
        }
        if (!unreadable.isEmpty()) {
            notes.add("the stack's total has no cpu_seconds_without_jit: " + String.join(", ", unreadable)
                    + " had no JIT figure");
        }
        StackCpu stack = new StackCpu(
                List.copyOf(stackNames),
                GroupWindow.seconds(stackTicks, ticksPerSecond),
                unreadable.isEmpty() ? GroupWindow.seconds(stackTicksWithoutJit, ticksPerSecond) : null);
        return new WindowUsage(Collections.unmodifiableMap(processes), stack, List.copyOf(notes));
    }
}
